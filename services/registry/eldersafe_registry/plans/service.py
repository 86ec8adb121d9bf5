"""Approved plans as the registry keeps them, and what each decision allows (P4, P6, P14)."""

import logging
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from eldersafe_common.errors import Conflict
from eldersafe_common.events import ReceivedEvent

from ..models import FacilityPlanApproval
from . import repository

log = logging.getLogger("eldersafe.registry.plans")

# Which approved decisions allow which closing status: a shutdown plan also allows suspending first.
ALLOWED_BY: dict[str, frozenset[str]] = {
    "suspended": frozenset({"suspend", "shutdown"}),
    "shut_down": frozenset({"shutdown"}),
}


class PlanApproved(BaseModel):
    """The fields of rectification's ``plan.approved`` v1 that the registry keeps (a tolerant reader)."""

    model_config = ConfigDict(extra="ignore")

    plan_id: str
    facility_id: str
    decision: str
    approved_at: datetime
    approved_by_name: str | None = None


def on_plan_approved(session: Session, event: ReceivedEvent) -> None:
    """Keep the facility's latest approval; an older approval delivered late never replaces a newer one."""
    data: PlanApproved = event.parse(PlanApproved)
    if not repository.facility_exists(session, data.facility_id):
        # Plans are made only for facilities the registry announced; failing here would hold the subject
        # back for ever, so an unknown facility is logged and skipped.
        log.warning("plan %s approved for unknown facility %s", data.plan_id, data.facility_id)
        return
    approved_at = data.approved_at if data.approved_at.tzinfo else data.approved_at.replace(tzinfo=UTC)
    row = repository.get_approval(session, data.facility_id)
    if row is not None and row.approved_at > approved_at:
        return
    by_name = data.approved_by_name[:200] if data.approved_by_name else None
    if row is None:
        row = FacilityPlanApproval(facility_id=data.facility_id, plan_id=data.plan_id, decision=data.decision,
                                   approved_at=approved_at, approved_by_name=by_name)
    else:
        row.plan_id, row.decision, row.approved_at, row.approved_by_name = (
            data.plan_id, data.decision, approved_at, by_name)
    repository.save(session, row)


def require_plan_for(session: Session, *, facility_id: str, status: str) -> None:
    """Refuse a suspension or shutdown that the facility's approved plan does not decide (409)."""
    allowed = ALLOWED_BY.get(status)
    if allowed is None:
        return
    approval = repository.get_approval(session, facility_id)
    if approval is None:
        raise Conflict(f"No approved facility plan: the task-force leader must approve a plan deciding "
                       f"{' or '.join(sorted(allowed))} before the facility is {status}.",
                       code="plan_not_approved")
    if approval.decision not in allowed:
        raise Conflict(f"The approved facility plan decides '{approval.decision}', which does not allow "
                       f"the facility to be {status}.", code="plan_not_approved")
