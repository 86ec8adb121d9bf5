"""Queries on the hazard and supervision order copies."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, delete, func, update
from sqlmodel import Session, col, select

from .models import (
    CLOSED,
    NOT_STARTED,
    NotificationHazard,
    NotificationHazardDepartment,
    NotificationHazardItem,
    NotificationOrder,
    NotificationOrderHazard,
)

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


def hazard(session: Session, hazard_id: str) -> NotificationHazard | None:
    return session.get(NotificationHazard, hazard_id)


def item(session: Session, hazard_key: str) -> NotificationHazardItem | None:
    return session.get(NotificationHazardItem, hazard_key)


def order(session: Session, order_id: str) -> NotificationOrder | None:
    return session.get(NotificationOrder, order_id)


def replace_departments(session: Session, hazard_id: str, departments: list[str]) -> None:
    """The hazard's departments become ``departments`` (each once)."""
    session.execute(delete(NotificationHazardDepartment).where(
        col(NotificationHazardDepartment.hazard_id) == hazard_id))
    session.add_all([NotificationHazardDepartment(hazard_id=hazard_id, department=department)
                     for department in sorted(set(departments))])


def replace_order_hazards(session: Session, order_id: str, hazard_ids: list[str]) -> None:
    """The order's hazards become ``hazard_ids`` (each once)."""
    session.execute(delete(NotificationOrderHazard).where(col(NotificationOrderHazard.order_id) == order_id))
    session.add_all([NotificationOrderHazard(order_id=order_id, hazard_id=hazard_id)
                     for hazard_id in sorted(set(hazard_ids))])
