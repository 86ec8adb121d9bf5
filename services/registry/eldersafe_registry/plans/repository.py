from sqlmodel import Session

from ..models import Facility, FacilityPlanApproval


def get_approval(session: Session, facility_id: str) -> FacilityPlanApproval | None:
    return session.get(FacilityPlanApproval, facility_id)


def facility_exists(session: Session, facility_id: str) -> bool:
    return session.get(Facility, facility_id) is not None


def save(session: Session, approval: FacilityPlanApproval) -> FacilityPlanApproval:
    session.add(approval)
    session.flush()
    return approval
