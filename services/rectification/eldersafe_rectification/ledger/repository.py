"""Every query on the ledger's tables."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import Row, case, delete, func, or_
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from ..facilities.models import RectificationFacility
from .models import (
    DeadlineExtension,
    Hazard,
    HazardDepartment,
    HazardDueTally,
    HazardEvidence,
    HazardHistory,
    HazardTally,
)
from .schemas import HazardFilters
from .states import CLOSED, REOPEN

AREA_CODE_LENGTH = 32  # hazard.area_code and hazard_department.area_code: String(32)


def _area(stmt: SelectOfScalar[Any], area: str, column: Any = None) -> SelectOfScalar[Any]:
    """Rows whose area code starts with ``area`` (``Principal.covers``), as an index-friendly range.

    Area codes are ASCII digits, so ``prefix <= code <= prefix + '99…9'`` (to the column's length) is exactly the
    prefix test. Digit-only bounds order alike in byte order and in any linguistic collation, so the plain index
    serves the range on PostgreSQL too (a ``COLLATE "C"`` range could not use it: see bench/ledger/README.md).
    Anything else keeps the plain prefix match.
    """
    if not area:
        return stmt
    column = col(Hazard.area_code) if column is None else column
    if not (area.isascii() and area.isdigit()):
        return stmt.where(column.startswith(area, autoescape=True))
    return stmt.where(column >= area, column <= area + "9" * (AREA_CODE_LENGTH - len(area)))


class _Unindexed(ColumnElement[Any]):
    """A column SQLite may not use an index for (``+column``): a page that walks the sort's index (see
    ``_page``) must not be turned by the planner into a filter-index range plus a sort of every match."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]  # noqa: RUF012 (SQLAlchemy's protocol)

    def __init__(self, column: Any) -> None:
        self.column = column
        self.type = column.type


@compiles(_Unindexed)
def _compile_unindexed(element: _Unindexed, compiler: Any, **kw: Any) -> str:
    column = str(compiler.process(element.column, **kw))
    return f"+{column}" if compiler.dialect.name == "sqlite" else column


def _same(column: Any) -> Any:
    return column


def _filtered(stmt: SelectOfScalar[Any], *, area: str, own_facility: str | None, filters: HazardFilters,
              today: date, drive: str | None = None) -> SelectOfScalar[Any]:
    """``drive``: "sort", the page walks its sort's index (no filter may use one); "area", only the area range
    may use an index (ix_hazard_area_deadline holds the other filters' columns); None, the planner's choice."""
    c = _Unindexed if drive else _same
    a = _Unindexed if drive == "sort" else _same
    stmt = _area(stmt, area, a(col(Hazard.area_code)))
    if filters.area_code:
        stmt = _area(stmt, filters.area_code, a(col(Hazard.area_code)))
    if own_facility is not None:
        stmt = stmt.where(c(col(Hazard.facility_id)) == own_facility)
    if filters.facility_id:
        stmt = stmt.where(c(col(Hazard.facility_id)) == filters.facility_id)
    if filters.campaign_id:
        stmt = stmt.where(c(col(Hazard.campaign_id)) == filters.campaign_id)
    if filters.severity:
        stmt = stmt.where(c(col(Hazard.severity)) == filters.severity)
    if filters.state:
        stmt = stmt.where(c(col(Hazard.state)) == filters.state)
    if filters.department:
        stmt = stmt.where(_department(filters, area, probe=drive == "sort"))
    if filters.deadline_from:
        stmt = stmt.where(c(col(Hazard.deadline)) >= filters.deadline_from)
    if filters.deadline_to:
        stmt = stmt.where(c(col(Hazard.deadline)) <= filters.deadline_to)
    if filters.overdue is True:
        stmt = stmt.where(c(col(Hazard.deadline)) < today, c(col(Hazard.state)).not_in(CLOSED))
    elif filters.overdue is False:
        stmt = stmt.where(or_(c(col(Hazard.deadline)) >= today, c(col(Hazard.state)).in_(CLOSED)))
    if filters.escalated is True:
        stmt = stmt.where(col(Hazard.escalated_at).is_not(None), c(col(Hazard.state)).not_in(CLOSED))
    elif filters.escalated is False:
        stmt = stmt.where(or_(col(Hazard.escalated_at).is_(None), c(col(Hazard.state)).in_(CLOSED)))
    if filters.q:
        pattern = filters.q
        stmt = stmt.where(or_(col(Hazard.description).contains(pattern, autoescape=True),
                              col(Hazard.item_text).contains(pattern, autoescape=True),
                              col(Hazard.facility_name).contains(pattern, autoescape=True)))
    return stmt


def _department(filters: HazardFilters, area: str, *, probe: bool) -> Any:
    """The department filter: an EXISTS probe per visited hazard (``probe``: the page walks an index), or the
    hazards listed by ix_hazard_department_filter for the department, severity and area (few matches)."""
    rows = select(HazardDepartment.hazard_id).where(col(HazardDepartment.department) == filters.department)
    if probe:
        return rows.where(col(HazardDepartment.hazard_id) == col(Hazard.id)).exists()
    if filters.severity:
        rows = rows.where(col(HazardDepartment.severity) == filters.severity)
    for prefix in (area, filters.area_code or ""):
        rows = _area(rows, prefix, col(HazardDepartment.area_code))
    return col(Hazard.id).in_(rows)


class _Unordered(ColumnElement[Any]):
    """A timestamp no index can deliver in order (``+column``; ``column + INTERVAL '0 seconds'`` on PostgreSQL)."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]  # noqa: RUF012 (SQLAlchemy's protocol)

    def __init__(self, column: Any) -> None:
        self.column = column
        self.type = column.type


@compiles(_Unordered)
def _compile_unordered(element: _Unordered, compiler: Any, **kw: Any) -> str:
    column = str(compiler.process(element.column, **kw))
    return f"+{column}" if compiler.dialect.name == "sqlite" else f"({column} + INTERVAL '0 seconds')"


def _ordered(stmt: SelectOfScalar[Any], sort: str, *, by_index: bool = True) -> SelectOfScalar[Any]:
    """``by_index=False``: found_at/updated_at orders may not come from walking their index (see _page_statement)."""
    rank = case((col(Hazard.severity) == "major", 2), else_=1)
    found, updated = (col(Hazard.found_at), col(Hazard.updated_at)) if by_index else (
        _Unordered(col(Hazard.found_at)), _Unordered(col(Hazard.updated_at)))
    orders: dict[str, list[Any]] = {
        "deadline": [col(Hazard.deadline), col(Hazard.id)],
        "-deadline": [col(Hazard.deadline).desc(), col(Hazard.id).desc()],
        "found_at": [found, col(Hazard.id)],
        "-found_at": [found.desc(), col(Hazard.id).desc()],
        "severity": [rank, col(Hazard.deadline), col(Hazard.id)],
        "-severity": [rank.desc(), col(Hazard.deadline), col(Hazard.id)],
        "updated_at": [updated.desc(), col(Hazard.id)],
    }
    return stmt.order_by(*orders[sort])


def _scope(session: Session, area: str) -> str:
    """The caller's area, or "" when every hazard lies inside it (a district admin): then no area condition at all.

    Safe because the range is contiguous: when the smallest and the largest area code (two index probes) both
    start with ``area``, every code does.
    """
    if not area:
        return area
    # Two scalar subqueries: SQLite answers a lone min() or max() from the index, but scans for both together.
    low, high = session.exec(select(select(func.min(col(Hazard.area_code))).scalar_subquery(),
                                    select(func.max(col(Hazard.area_code))).scalar_subquery())).one()
    if low is not None and high is not None and low.startswith(area) and high.startswith(area):
        return ""
    return area


def _count(*, area: str, own_facility: str | None, filters: HazardFilters, today: date) -> SelectOfScalar[int]:
    """The filters' row count; a department filter with at most the severity and area beside it is counted on
    ix_hazard_department_filter alone (an index-only range instead of one hazard lookup per department row)."""
    others = filters.model_dump(exclude_none=True, exclude={"department", "severity", "area_code", "sort"})
    if filters.department and own_facility is None and not others:
        stmt = select(func.count()).select_from(HazardDepartment).where(
            col(HazardDepartment.department) == filters.department)
        if filters.severity:
            stmt = stmt.where(col(HazardDepartment.severity) == filters.severity)
        for prefix in (area, filters.area_code or ""):
            stmt = _area(stmt, prefix, col(HazardDepartment.area_code))
        return stmt
    return _filtered(select(func.count()).select_from(Hazard), area=area, own_facility=own_facility,
                     filters=filters, today=today, drive=_by_area(area, filters))


def _by_area(area: str, filters: HazardFilters) -> str | None:
    return "area" if area or filters.area_code else None


# Above this many matches a found_at/updated_at page walks that column's index and skips non-matching rows
# (expected visits: (offset + limit) * rows / matches); below it, it reads the matches by the filter's index and
# sorts them. Reading one row costs ~5 us on SQLite, so both stay under ~50 ms at 1M rows (bench/ledger).
WALK_ABOVE = 10_000
_WALKABLE = ("found_at", "-found_at", "updated_at")


def _page_statement(*, area: str, own_facility: str | None, filters: HazardFilters, today: date, matches: int,
                    offset: int, limit: int, extra: tuple[Any, ...] = ()) -> SelectOfScalar[Hazard]:
    """The page's ids first (an index-only scan where an index holds the filters and the order), then its rows.

    Inside one area the keys come from ix_hazard_area_deadline; over a deadline range from ix_hazard_deadline
    (walking found_at instead could pass most rows before the first match: found_at follows the deadline);
    with many matches otherwise, from a walk of the sort's index, whose extra columns test the common filters.
    """
    drive = _by_area(area, filters)
    ranged = bool(filters.deadline_from or filters.deadline_to)
    if matches > WALK_ABOVE and drive is None and not ranged:
        # Deadline orders already come from the filters' (…, deadline) indexes, except for a department (its
        # rows are in another table).
        drive = "sort" if filters.sort in _WALKABLE or filters.department else None
    stmt = _filtered(select(Hazard), area=area, own_facility=own_facility, filters=filters, today=today,
                     drive=drive).where(*extra)
    keys = _ordered(stmt.with_only_columns(col(Hazard.id)), filters.sort,  # type: ignore[arg-type]
                    by_index=not ranged).offset(offset).limit(limit)
    return _ordered(select(Hazard).where(col(Hazard.id).in_(keys)), filters.sort)


def _page(session: Session, **plan: Any) -> list[Hazard]:
    return list(session.exec(_page_statement(**plan)))


def list_hazards(session: Session, *, area: str, own_facility: str | None, filters: HazardFilters, today: date,
                 offset: int, limit: int) -> tuple[list[Hazard], int]:
    area = _scope(session, area)
    scope = {"area": area, "own_facility": own_facility, "today": today}
    total = session.exec(_count(filters=filters, **scope)).one()  # type: ignore[arg-type]
    if offset >= total:
        return [], total
    by_deadline = filters.model_copy(update={"sort": "deadline"})
    if filters.sort not in ("severity", "-severity"):
        return _page(session, filters=filters, offset=offset, limit=limit, matches=total, **scope), total  # type: ignore[arg-type]
    if filters.severity:  # one severity: the rank is constant, the order is the deadline's
        return _page(session, filters=by_deadline, offset=offset, limit=limit, matches=total, **scope), total  # type: ignore[arg-type]
    # Severity order is major first (-severity) or last, then deadline: one deadline-ordered page per part, each
    # on the indexes of a plain deadline sort, instead of ranking and sorting every match.
    parts = [col(Hazard.severity) == "major", col(Hazard.severity) != "major"]
    if filters.sort == "severity":
        parts.reverse()
    rows = _page(session, filters=by_deadline, offset=offset, limit=limit, matches=total, extra=(parts[0],),
                 **scope)  # type: ignore[arg-type]
    if len(rows) < limit:
        # The first part ends on this page; its size is only worth a count when the page lies wholly beyond it.
        first = offset + len(rows) if rows else session.exec(_filtered(
            select(func.count()).select_from(Hazard), filters=filters, drive=_by_area(area, filters),
            **scope).where(parts[0])).one()  # type: ignore[arg-type]
        rows += _page(session, filters=by_deadline, offset=max(0, offset - first), limit=limit - len(rows),
                      matches=total, extra=(parts[1],), **scope)  # type: ignore[arg-type]
    return rows, total


EXPORT_COLUMNS = ("id", "hazard_key", "facility_name", "facility_id", "area_code", "departments", "item_code",
                  "item_text", "category", "severity", "description", "measures", "responsible_name",
                  "responsible_phone", "supervisor_name", "deadline", "state", "relapse", "found_at")


def iter_export_rows(session: Session, *, area: str, own_facility: str | None, filters: HazardFilters,
                     today: date, chunk: int = 2000) -> Iterator[Row[Any]]:
    """The export's columns of every matching hazard in order, as plain rows fetched in chunks (no ORM objects)."""
    area = _scope(session, area)
    columns = [getattr(Hazard, name) for name in EXPORT_COLUMNS]
    stmt = _ordered(_filtered(select(*columns), area=area, own_facility=own_facility, filters=filters,
                              today=today), filters.sort)
    yield from session.execute(stmt.execution_options(yield_per=chunk))


def get_hazard(session: Session, hazard_id: str) -> Hazard | None:
    return session.get(Hazard, hazard_id)


def hazard_by_key(session: Session, hazard_key: str) -> Hazard | None:
    return session.exec(select(Hazard).where(
        or_(col(Hazard.hazard_key) == hazard_key, col(Hazard.last_relapse_key) == hazard_key))).first()


def reopenable_match(session: Session, *, facility_id: str, item_code: str) -> Hazard | None:
    """The latest entry of the same item that a follow-up's finding reopens (a signed-off one: states.REOPEN)."""
    return session.exec(select(Hazard).where(
        col(Hazard.facility_id) == facility_id, col(Hazard.item_code) == item_code,
        col(Hazard.state).in_(REOPEN.sources)).order_by(col(Hazard.found_at).desc())).first()


def due_for_overdue_notice(session: Session, *, today: date, limit: int) -> list[Hazard]:
    return list(session.exec(select(Hazard).where(
        col(Hazard.deadline) < today, col(Hazard.state).not_in(CLOSED),
        or_(col(Hazard.overdue_notified_deadline).is_(None), col(Hazard.overdue_notified_deadline) != col(
            Hazard.deadline))).order_by(col(Hazard.deadline), col(Hazard.id)).limit(limit)))


def facility(session: Session, facility_id: str) -> RectificationFacility | None:
    return session.get(RectificationFacility, facility_id)


def history(session: Session, hazard_id: str) -> list[HazardHistory]:
    return list(session.exec(select(HazardHistory).where(col(HazardHistory.hazard_id) == hazard_id)
                             .order_by(col(HazardHistory.at), col(HazardHistory.id))))


def evidence(session: Session, hazard_id: str) -> list[HazardEvidence]:
    return list(session.exec(select(HazardEvidence).where(col(HazardEvidence.hazard_id) == hazard_id)
                             .order_by(col(HazardEvidence.uploaded_at))))


def get_evidence(session: Session, evidence_id: str) -> HazardEvidence | None:
    return session.get(HazardEvidence, evidence_id)


def extensions(session: Session, hazard_id: str) -> list[DeadlineExtension]:
    return list(session.exec(select(DeadlineExtension).where(col(DeadlineExtension.hazard_id) == hazard_id)
                             .order_by(col(DeadlineExtension.requested_at))))


def get_extension(session: Session, extension_id: str) -> DeadlineExtension | None:
    return session.get(DeadlineExtension, extension_id)


def set_departments(session: Session, hazard: Hazard) -> None:
    """Make hazard_department hold exactly ``hazard.departments`` (call after the hazard was flushed)."""
    session.execute(delete(HazardDepartment).where(col(HazardDepartment.hazard_id) == hazard.id))
    for department in dict.fromkeys(hazard.departments):
        session.add(HazardDepartment(hazard_id=hazard.id, department=department, severity=hazard.severity,
                                     area_code=hazard.area_code))
    session.flush()


def _upsert(session: Session, table: Any, key: dict[str, Any], delta: int) -> None:
    """Add ``delta`` to the counter row ``key`` (created when missing), atomically on either database."""
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(table).values(**key, hazards=delta)
    session.execute(stmt.on_conflict_do_update(index_elements=list(key),
                                               set_={"hazards": table.c.hazards + stmt.excluded.hazards}))


def add_to_tally(session: Session, bucket: Any, delta: int) -> None:
    """Count ``delta`` entries into the bucket's ``hazard_tally`` row."""
    key = {"campaign_id": bucket.campaign_id, "area_code": bucket.area_code, "departments": bucket.departments,
           "state": bucket.state, "severity": bucket.severity}
    _upsert(session, HazardTally.__table__, key, delta)  # type: ignore[attr-defined]


def add_to_due_tally(session: Session, bucket: Any, delta: int) -> None:
    """Count ``delta`` open entries into the bucket's ``hazard_due_tally`` row; an emptied row goes."""
    table = HazardDueTally.__table__  # type: ignore[attr-defined]
    key = {"campaign_id": bucket.campaign_id, "area_code": bucket.area_code, "departments": bucket.departments,
           "severity": bucket.severity, "deadline": bucket.deadline}
    _upsert(session, table, key, delta)
    if delta < 0:
        session.execute(delete(table).where(*(table.c[name] == value for name, value in key.items()),
                                            table.c.hazards <= 0))


def save(session: Session, *rows: object) -> None:
    for row in rows:
        session.add(row)
    session.flush()
