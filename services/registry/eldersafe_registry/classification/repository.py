from sqlmodel import Session

from ..models import Facility


def get_facility(session: Session, facility_id: str) -> Facility | None:
    return session.get(Facility, facility_id)


def save(session: Session, facility: Facility) -> Facility:
    session.add(facility)
    session.flush()
    return facility
