from sqlmodel import Session, col, select

from ..models import Facility, FacilityPlanApproval


def get_approval(session: Session, plan_id: str) -> FacilityPlanApproval | None:
    return session.get(FacilityPlanApproval, plan_id)


def approvals_of(session: Session, facility_id: str) -> list[FacilityPlanApproval]:
    """Every approved plan of the facility, the latest approval first."""
    return list(session.exec(select(FacilityPlanApproval).where(col(FacilityPlanApproval.facility_id) == facility_id)
                             .order_by(col(FacilityPlanApproval.approved_at).desc(),
                                       col(FacilityPlanApproval.plan_id))))


def facility_exists(session: Session, facility_id: str) -> bool:
    return session.get(Facility, facility_id) is not None


def save(session: Session, approval: FacilityPlanApproval) -> FacilityPlanApproval:
    session.add(approval)
    session.flush()
    return approval
