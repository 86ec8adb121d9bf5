from sqlalchemy import func
from sqlmodel import Session, col, select

from ..models import Resident


def page_residents(session: Session, *, facility_id: str, include_moved_out: bool, page: int,
                   page_size: int) -> tuple[list[Resident], int]:
    stmt = select(Resident).where(Resident.facility_id == facility_id)
    if not include_moved_out:
        stmt = stmt.where(col(Resident.moved_out_on).is_(None))
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    stmt = stmt.order_by(col(Resident.admitted_on), col(Resident.name), col(Resident.id))
    rows = session.exec(stmt.offset((page - 1) * page_size).limit(page_size))
    return list(rows), int(total)


def get_resident(session: Session, *, facility_id: str, resident_id: str) -> Resident | None:
    resident = session.get(Resident, resident_id)
    return resident if resident is not None and resident.facility_id == facility_id else None


def lock_resident(session: Session, *, facility_id: str, resident_id: str) -> Resident | None:
    """Reload the resident with a row lock, so that a concurrent move-out is seen, not overwritten."""
    stmt = (select(Resident).where(Resident.id == resident_id, Resident.facility_id == facility_id)
            .with_for_update().execution_options(populate_existing=True))
    return session.exec(stmt).first()


def count_active(session: Session, *, facility_id: str) -> int:
    stmt = select(func.count()).select_from(Resident).where(
        Resident.facility_id == facility_id, col(Resident.moved_out_on).is_(None))
    return int(session.exec(stmt).one())


def active_stay_elsewhere(session: Session, *, id_number: str, except_id: str | None) -> bool:
    """Whether this person is already on an active roster (a person lives in one facility at a time)."""
    stmt = select(Resident.id).where(Resident.id_number == id_number, col(Resident.moved_out_on).is_(None))
    if except_id is not None:
        stmt = stmt.where(Resident.id != except_id)
    return session.exec(stmt.limit(1)).first() is not None


def save(session: Session, resident: Resident) -> Resident:
    session.add(resident)
    session.flush()
    return resident


def add_all(session: Session, residents: list[Resident]) -> None:
    session.add_all(residents)
    session.flush()
