"""Events of plans and relocation (producer "rectification", subject ``facility:<id>``), in the caller's transaction.

The subject is the facility, not the plan: the registry orders ``plan.approved`` with its own facility events.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlmodel import Session

from eldersafe_common.events import EventType, publish
from eldersafe_common.http import request_id_var

from .models import FacilityPlan

PRODUCER = "rectification"


class PlanApproved(BaseModel):
    plan_id: str
    facility_id: str
    campaign_id: str | None
    area_code: str
    decision: str
    approved_by: str
    approved_by_name: str
    approved_at: datetime


class RelocationCompleted(BaseModel):
    plan_id: str
    facility_id: str
    area_code: str
    campaign_id: str | None
    decision: str
    to_status: str
    relocated: int
    completed_at: datetime


PLAN_APPROVED = EventType("plan.approved", 1, PlanApproved)
RELOCATION_COMPLETED = EventType("relocation.completed", 1, RelocationCompleted)


def plan_approved(session: Session, plan: FacilityPlan) -> None:
    """Announce the leader's approval: the registry now lets the facility's status follow the decision."""
    assert plan.approved_by is not None and plan.approved_at is not None
    payload = PlanApproved(
        plan_id=plan.id, facility_id=plan.facility_id, campaign_id=plan.campaign_id, area_code=plan.area_code,
        decision=plan.decision, approved_by=plan.approved_by, approved_by_name=plan.approved_by_name or "",
        approved_at=plan.approved_at,
    )
    publish(session, PLAN_APPROVED, subject=f"facility:{plan.facility_id}", payload=payload, producer=PRODUCER,
            request_id=request_id_var.get())


def relocation_completed(session: Session, plan: FacilityPlan, *, to_status: str, relocated: int) -> None:
    """Announce that the facility emptied and stopped as its plan said."""
    assert plan.relocation_completed_at is not None
    payload = RelocationCompleted(
        plan_id=plan.id, facility_id=plan.facility_id, area_code=plan.area_code, campaign_id=plan.campaign_id,
        decision=plan.decision, to_status=to_status, relocated=relocated,
        completed_at=plan.relocation_completed_at,
    )
    publish(session, RELOCATION_COMPLETED, subject=f"facility:{plan.facility_id}", payload=payload,
            producer=PRODUCER)
