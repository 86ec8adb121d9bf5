"""Queries on supervision orders and their numbering."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from ..ledger.models import Hazard
from ..ledger.states import FINISHED
from .models import SupervisionCounter, SupervisionOrder


def next_sequence(session: Session, *, year: int) -> int:
    """Take the next number of ``year`` inside the caller's transaction.

    The counter row is incremented with one UPDATE, so concurrent issuers queue on its row lock (SQLite:
    on the writer lock taken by BEGIN IMMEDIATE) and no two transactions can take the same number. The
    first order of a year inserts the row; a concurrent first insert loses on the primary key and retries.
    """
    bump = (
        update(SupervisionCounter)
        .where(col(SupervisionCounter.year) == year)
        .values(last=col(SupervisionCounter.last) + 1)
        .returning(col(SupervisionCounter.last))
    )
    value = session.connection().execute(bump).scalar_one_or_none()
    if value is not None:
        return int(value)
    try:
        with session.begin_nested():
            session.connection().execute(insert(SupervisionCounter).values(year=year, last=1))
        return 1
    except IntegrityError:
        return int(session.connection().execute(bump).scalar_one())


def get_order(session: Session, order_id: str) -> SupervisionOrder | None:
    return session.get(SupervisionOrder, order_id)


def _filtered(stmt: SelectOfScalar, *, area: str, state: str | None, level: str | None,
              facility_id: str | None) -> SelectOfScalar:
    # The SQL form of Principal.covers (a prefix test), so that paging counts only visible rows.
    stmt = stmt.where(col(SupervisionOrder.area_code).startswith(area, autoescape=True))
    if state is not None:
        stmt = stmt.where(col(SupervisionOrder.state) == state)
    if level is not None:
        stmt = stmt.where(col(SupervisionOrder.level) == level)
    if facility_id is not None:
        stmt = stmt.where(col(SupervisionOrder.facility_id) == facility_id)
    return stmt


def list_orders(session: Session, *, area: str, state: str | None, level: str | None, facility_id: str | None,
                offset: int, limit: int) -> tuple[list[SupervisionOrder], int]:
    """Open orders first, then by deadline and number."""
    total = session.exec(_filtered(select(func.count()).select_from(SupervisionOrder), area=area, state=state,
                                   level=level, facility_id=facility_id)).one()
    rows = session.exec(
        _filtered(select(SupervisionOrder), area=area, state=state, level=level, facility_id=facility_id)
        .order_by(col(SupervisionOrder.state).desc(), col(SupervisionOrder.deadline), col(SupervisionOrder.number))
        .offset(offset)
        .limit(limit)
    )
    return list(rows), total


def open_orders_of_facility(session: Session, *, facility_id: str) -> list[SupervisionOrder]:
    stmt = (
        select(SupervisionOrder)
        .where(col(SupervisionOrder.facility_id) == facility_id, col(SupervisionOrder.state) == "open")
        .order_by(col(SupervisionOrder.number))
    )
    return list(session.exec(stmt))


def hazards_by_ids(session: Session, *, hazard_ids: Sequence[str]) -> list[Hazard]:
    """The ledger entries with these ids (missing ones are simply absent)."""
    if not hazard_ids:
        return []
    return list(session.exec(select(Hazard).where(col(Hazard.id).in_(list(hazard_ids)))))


def open_hazards_of_facility(session: Session, *, facility_id: str) -> list[Hazard]:
    """The facility's ledger entries neither signed off nor withdrawn, by deadline."""
    stmt = (
        select(Hazard)
        .where(col(Hazard.facility_id) == facility_id, col(Hazard.state).not_in(FINISHED))
        .order_by(col(Hazard.deadline), col(Hazard.item_code), col(Hazard.id))
    )
    return list(session.exec(stmt))
