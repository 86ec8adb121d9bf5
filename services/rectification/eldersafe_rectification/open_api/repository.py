"""Every query of the open API (it reads the ledger's and supervision's tables: same service)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, String, and_, case, cast, func, literal, select, true
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from eldersafe_common import sync

from ..ledger.models import Hazard
from ..ledger.states import CLOSED, STATES
from ..supervision.models import SupervisionOrder

LEVEL_LENGTH = {"subdistrict": 9, "community": 12}


def _within(column: Any, area: str) -> Any:
    return column.startswith(area, autoescape=True) if area else true()


def _total(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _hazard_counts(today: date) -> list[Any]:
    """count, one column per state, per severity, overdue: labelled as the summary's fields."""
    overdue = and_(col(Hazard.deadline) < today, col(Hazard.state).not_in(CLOSED))
    return [func.count().label("hazards"),
            *[_total(col(Hazard.state) == state).label(state) for state in STATES],
            _total(col(Hazard.severity) == "ordinary").label("ordinary"),
            _total(col(Hazard.severity) == "major").label("major"),
            _total(overdue).label("overdue")]


# --- the facility feed ---------------------------------------------------------------------------------------

# Up to this many changes after a position, a page walks them (the usual poll: a few recent changes); beyond, e.g.
# a first sync of a large ledger, it takes each facility's latest change from ix_hazard_facility_change_seq.
WALK_ROWS = 20_000


def _scope(session: Session, area: str) -> str:
    """``area``, or "" when every hazard lies inside it (the district's client): then no area condition at all.

    The range is contiguous, so the smallest and the largest area code (two index probes) decide.
    """
    if not area:
        return area
    low = session.execute(select(func.min(col(Hazard.area_code)))).scalar()
    high = session.execute(select(func.max(col(Hazard.area_code)))).scalar()
    inside = low is None or high is None or (low.startswith(area) and high.startswith(area))
    return "" if inside else area


def _stamped(hazard: Any) -> Any:
    """Stated in every probe so that the partial ix_hazard_facility_change_seq may serve it (see the model); not a
    range (``> 0`` was: SQLite then bounded the probe by it instead of by the later change, reading every entry)."""
    return col(hazard.change_seq).is_not(None)


def _walk(area: str) -> Any:
    """The hazards no later change of the same facility follows, each standing for its facility."""
    latest, later = aliased(Hazard), aliased(Hazard)
    newer = select(literal(1)).where(col(later.facility_id) == col(latest.facility_id), _stamped(later),
                                     col(later.change_seq) > col(latest.change_seq),
                                     _within(col(later.area_code), area)).exists()
    return select(col(latest.facility_id).label("facility_id"), col(latest.change_seq).label("change_seq")).where(
        _within(col(latest.area_code), area), ~newer).subquery()


def _per_facility(area: str) -> Any:
    """Each facility's latest change: the facilities one index skip apart (a recursive loose index scan), then a
    max probe each, so a page costs a few probes per facility, not a read of every change."""
    first = aliased(Hazard)
    start = select(func.min(col(first.facility_id)).label("facility_id")).where(_stamped(first)).cte(
        "ledger_facilities", recursive=True)
    step = aliased(Hazard)
    following = select(func.min(col(step.facility_id))).where(
        col(step.facility_id) > start.c.facility_id, _stamped(step)).scalar_subquery()
    facilities = start.union_all(select(following).where(start.c.facility_id.is_not(None)))
    probe = aliased(Hazard)
    latest = select(func.max(col(probe.change_seq))).where(
        col(probe.facility_id) == facilities.c.facility_id, _stamped(probe),
        _within(col(probe.area_code), area)).scalar_subquery()
    return select(facilities.c.facility_id.label("facility_id"), latest.label("change_seq")).where(
        facilities.c.facility_id.is_not(None)).subquery()


def changed_facilities(session: Session, *, area: str, since: datetime | None,
                       window: sync.Window) -> list[Row[Any]]:
    """(facility_id, change_seq) of the facilities whose latest hazard change lies after the window's position,
    in that order, one past the limit. Two plans, one answer (tests run both)."""
    area = _scope(session, area)
    waiting = session.execute(select(func.count()).select_from(
        select(literal(1)).where(col(Hazard.change_seq) > window.position).limit(WALK_ROWS + 1).subquery())).scalar()
    source = _walk(area) if (waiting or 0) <= WALK_ROWS else _per_facility(area)
    stmt = select(source.c.facility_id, source.c.change_seq).where(source.c.change_seq.is_not(None))
    if since is not None:
        recent = aliased(Hazard)
        stmt = stmt.where(select(literal(1)).where(
            col(recent.facility_id) == source.c.facility_id, col(recent.updated_at) >= since,
            _within(col(recent.area_code), area)).exists())
    return list(session.execute(sync.keyset(stmt, source.c.change_seq, window)))


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


def counts_by_department_mix(session: Session, *, area: str, today: date) -> list[Row[Any]]:
    """The hazard counts per list of departments (a handful of mixes: one department, or a joint few), in one scan of
    the ledger; the caller adds them up for the totals and per department (a join per department row cost ~4x)."""
    mix = cast(col(Hazard.departments), String)
    major_open = and_(col(Hazard.severity) == "major", col(Hazard.state).not_in(CLOSED))
    stmt = (select(mix.label("departments"), *_hazard_counts(today), _total(major_open).label("major_open"))
            .where(_within(col(Hazard.area_code), area)).group_by(mix))
    return list(session.execute(stmt))


def order_counts(session: Session, *, area: str) -> dict[str, int]:
    stmt = (select(col(SupervisionOrder.state), func.count())
            .where(_within(col(SupervisionOrder.area_code), area)).group_by(col(SupervisionOrder.state)))
    return {state: int(count) for state, count in session.execute(stmt)}
