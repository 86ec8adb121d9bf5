"""Queries on the hazard copies."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from .models import CLOSED, NOT_STARTED, NotificationHazard


def settle_marks(session: Session, *, known: list[int]) -> int:
    """Move ladder marks left by an older ladder to the highest current offset below them (the tick looks
    for the current offsets only); returns how many distinct stale marks there were."""
    present: list[int] = list(session.exec(select(col(NotificationHazard.fired_offset)).distinct()))
    stale = [mark for mark in present if mark not in known and mark not in (NOT_STARTED, CLOSED)]
    for mark in stale:
        below = max((offset for offset in known if offset < mark), default=NOT_STARTED)
        session.execute(update(NotificationHazard).where(col(NotificationHazard.fired_offset) == mark)
                        .values(fired_offset=below))
    return len(stale)
