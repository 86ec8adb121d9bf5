"""Queries on the hazard copies."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, update
from sqlmodel import Session, col, select

from .models import CLOSED, NOT_STARTED, NotificationHazard, NotificationHazardItem

H, ITEM = NotificationHazard, NotificationHazardItem


def finding_column() -> ColumnElement[Any]:
    """What was found: the ledger's copy, else hazard.found's (NULL when neither says; ITEM outer-joined)."""
    return func.coalesce(func.nullif(col(H.description), ""), func.nullif(col(ITEM.description), ""))


def item_column() -> ColumnElement[Any]:
    """The check item's text: the ledger's copy, else hazard.found's (ITEM outer-joined)."""
    return func.coalesce(func.nullif(col(H.item_text), ""), func.nullif(col(ITEM.item_text), ""))


def what_column() -> ColumnElement[Any]:
    """What a list line names: the finding, else the item, else NULL."""
    return func.coalesce(finding_column(), item_column())


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
