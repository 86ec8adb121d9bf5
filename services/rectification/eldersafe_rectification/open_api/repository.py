"""Every query of the open API (it reads the ledger's and supervision's tables: same service)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, and_, case, func, literal, select, true
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from eldersafe_common import sync

from ..ledger.models import STATES, Hazard, HazardDepartment
from ..ledger.repository import CLOSED_STATES
from ..supervision.models import SupervisionOrder

LEVEL_LENGTH = {"subdistrict": 9, "community": 12}


def _within(column: Any, area: str) -> Any:
    return column.startswith(area, autoescape=True) if area else true()


def _total(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _hazard_counts(today: date) -> list[Any]:
    """count, one column per state, per severity, overdue: labelled as the summary's fields."""
    overdue = and_(col(Hazard.deadline) < today, col(Hazard.state).not_in(CLOSED_STATES))
    return [func.count().label("hazards"),
            *[_total(col(Hazard.state) == state).label(state) for state in STATES],
            _total(col(Hazard.severity) == "ordinary").label("ordinary"),
            _total(col(Hazard.severity) == "major").label("major"),
            _total(overdue).label("overdue")]


# --- the facility feed ---------------------------------------------------------------------------------------

def changed_facilities(session: Session, *, area: str, since: datetime | None,
                       window: sync.Window) -> list[Row[Any]]:
    """(facility_id, change_seq) of the facilities whose latest hazard change lies after the window's position,
    in that order, one past the limit.

    It walks the hazards by ``change_seq`` and keeps those no later change of the same facility follows (a probe of
    ix_hazard_facility_change_seq), so a page reads about limit × hazards-per-facility rows, not the ledger.
    """
    latest, later = aliased(Hazard), aliased(Hazard)
    newer = select(literal(1)).where(col(later.facility_id) == col(latest.facility_id),
                                     col(later.change_seq) > col(latest.change_seq),
                                     _within(col(later.area_code), area)).exists()
    stmt = select(col(latest.facility_id), col(latest.change_seq)).where(
        _within(col(latest.area_code), area), ~newer)
    if since is not None:
        recent = aliased(Hazard)
        stmt = stmt.where(select(literal(1)).where(
            col(recent.facility_id) == col(latest.facility_id), col(recent.updated_at) >= since,
            _within(col(recent.area_code), area)).exists())
    return list(session.execute(sync.keyset(stmt, col(latest.change_seq), window)))  # type: ignore[arg-type]


def facility_counts(session: Session, *, facility_ids: list[str], area: str, today: date) -> dict[str, Row[Any]]:
    stmt = (select(col(Hazard.facility_id), func.max(col(Hazard.facility_name)).label("facility_name"),
                   func.max(col(Hazard.area_code)).label("area_code"), *_hazard_counts(today),
                   func.max(col(Hazard.updated_at)).label("last_changed_at"))
            .where(col(Hazard.facility_id).in_(facility_ids), _within(col(Hazard.area_code), area))
            .group_by(col(Hazard.facility_id)))
    return {row.facility_id: row for row in session.execute(stmt)}


def open_orders_by_facility(session: Session, *, facility_ids: list[str], area: str) -> dict[str, int]:
    stmt = (select(col(SupervisionOrder.facility_id), func.count())
            .where(col(SupervisionOrder.facility_id).in_(facility_ids), col(SupervisionOrder.state) == "open",
                   _within(col(SupervisionOrder.area_code), area))
            .group_by(col(SupervisionOrder.facility_id)))
    return {facility_id: int(count) for facility_id, count in session.execute(stmt)}


# --- areas and statistics ------------------------------------------------------------------------------------

def area_counts(session: Session, *, area: str, level: str, today: date) -> list[Row[Any]]:
    """Per area of ``level``, in code order; a hazard recorded above that level (a shorter code) is left out."""
    length = LEVEL_LENGTH[level]
    key = func.substr(col(Hazard.area_code), 1, length)
    stmt = (select(key.label("area_code"), func.count(func.distinct(col(Hazard.facility_id))).label("facilities"),
                   *_hazard_counts(today))
            .where(_within(col(Hazard.area_code), area), func.length(col(Hazard.area_code)) >= length)
            .group_by(key).order_by(key))
    return list(session.execute(stmt))


def open_orders_by_area(session: Session, *, area: str, level: str) -> dict[str, int]:
    length = LEVEL_LENGTH[level]
    key = func.substr(col(SupervisionOrder.area_code), 1, length)
    stmt = (select(key, func.count())
            .where(_within(col(SupervisionOrder.area_code), area), col(SupervisionOrder.state) == "open",
                   func.length(col(SupervisionOrder.area_code)) >= length)
            .group_by(key))
    return {code: int(count) for code, count in session.execute(stmt)}


def totals(session: Session, *, area: str, today: date) -> Row[Any]:
    major_open = and_(col(Hazard.severity) == "major", col(Hazard.state).not_in(CLOSED_STATES))
    stmt = select(*_hazard_counts(today), _total(major_open).label("major_open")).where(
        _within(col(Hazard.area_code), area))
    return session.execute(stmt).one()


def order_counts(session: Session, *, area: str) -> dict[str, int]:
    stmt = (select(col(SupervisionOrder.state), func.count())
            .where(_within(col(SupervisionOrder.area_code), area)).group_by(col(SupervisionOrder.state)))
    return {state: int(count) for state, count in session.execute(stmt)}


def department_counts(session: Session, *, area: str, today: date) -> list[Row[Any]]:
    overdue = and_(col(Hazard.deadline) < today, col(Hazard.state).not_in(CLOSED_STATES))
    department = col(HazardDepartment.department)
    stmt = (select(department.label("department"), func.count().label("hazards"),
                   _total(col(Hazard.state) == "signed_off").label("signed_off"),
                   _total(overdue).label("overdue"), _total(col(Hazard.severity) == "major").label("major"))
            .join(Hazard, col(Hazard.id) == col(HazardDepartment.hazard_id))
            .where(_within(col(HazardDepartment.area_code), area))
            .group_by(department).order_by(department))
    return list(session.execute(stmt))
