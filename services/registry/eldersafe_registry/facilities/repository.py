from collections.abc import Iterator

from sqlalchemy import func, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from ..models import Facility, FacilityStatusChange, Resident
from .schemas import FacilityFilters

_SORTS = {
    "name": col(Facility.name),
    "licensed_beds": col(Facility.licensed_beds),
    "residents_count": col(Facility.residents_count),
    "updated_at": col(Facility.updated_at),
}


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(filters: FacilityFilters, *, area: str, facility_id: str | None) -> SelectOfScalar[Facility]:
    stmt = select(Facility).where(col(Facility.area_code).startswith(area, autoescape=True))
    if facility_id is not None:
        stmt = stmt.where(Facility.id == facility_id)
    if filters.q:
        pattern = f"%{_escape_like(filters.q.lower())}%"
        stmt = stmt.where(or_(func.lower(Facility.name).like(pattern, escape="\\"),
                              func.lower(Facility.address).like(pattern, escape="\\")))
    if filters.subdistrict_code:
        stmt = stmt.where(Facility.subdistrict_code == filters.subdistrict_code)
    if filters.community_code:
        stmt = stmt.where(Facility.community_code == filters.community_code)
    if filters.status:
        stmt = stmt.where(Facility.status == filters.status)
    if filters.ownership:
        stmt = stmt.where(Facility.ownership == filters.ownership)
    return stmt


def _ordered(stmt: SelectOfScalar[Facility], sort: str) -> SelectOfScalar[Facility]:
    column = _SORTS[sort.lstrip("-")]
    # The id breaks ties so that pages never overlap or skip rows.
    if sort.startswith("-"):
        return stmt.order_by(column.desc(), col(Facility.id))
    return stmt.order_by(column.asc(), col(Facility.id))


def page_facilities(session: Session, filters: FacilityFilters, *, area: str, facility_id: str | None,
                    page: int, page_size: int) -> tuple[list[Facility], int]:
    stmt = _filtered(filters, area=area, facility_id=facility_id)
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    rows = session.exec(_ordered(stmt, filters.sort).offset((page - 1) * page_size).limit(page_size))
    return list(rows), int(total)


def iter_facilities(session: Session, filters: FacilityFilters, *, area: str,
                    facility_id: str | None) -> Iterator[Facility]:
    stmt = _ordered(_filtered(filters, area=area, facility_id=facility_id), filters.sort)
    yield from session.exec(stmt.execution_options(yield_per=500))


def get_facility(session: Session, facility_id: str) -> Facility | None:
    return session.get(Facility, facility_id)


def lock_facilities(session: Session, facility_ids: list[str]) -> list[Facility]:
    """Reload facilities with a row lock (PostgreSQL ``FOR UPDATE``; SQLite writers hold the database lock).

    Rows are locked in id order, so two transactions locking the same pair cannot deadlock.
    """
    stmt = (select(Facility).where(col(Facility.id).in_(facility_ids)).order_by(col(Facility.id))
            .with_for_update().execution_options(populate_existing=True))
    by_id = {facility.id: facility for facility in session.exec(stmt)}
    return [by_id[facility_id] for facility_id in facility_ids if facility_id in by_id]


def uscc_owner(session: Session, uscc: str) -> str | None:
    return session.exec(select(Facility.id).where(Facility.uscc == uscc)).first()


def usccs_taken(session: Session, usccs: list[str]) -> set[str]:
    if not usccs:
        return set()
    return set(session.exec(select(Facility.uscc).where(col(Facility.uscc).in_(usccs))))


def save(session: Session, facility: Facility) -> Facility:
    session.add(facility)
    session.flush()
    return facility


def add_status_change(session: Session, change: FacilityStatusChange) -> None:
    session.add(change)
    session.flush()


def status_history(session: Session, facility_id: str) -> list[FacilityStatusChange]:
    stmt = (select(FacilityStatusChange).where(FacilityStatusChange.facility_id == facility_id)
            .order_by(col(FacilityStatusChange.changed_at), col(FacilityStatusChange.id)))
    return list(session.exec(stmt))


def count_active_residents(session: Session, facility_id: str) -> int:
    stmt = select(func.count()).select_from(Resident).where(
        Resident.facility_id == facility_id, col(Resident.moved_out_on).is_(None))
    return int(session.exec(stmt).one())
