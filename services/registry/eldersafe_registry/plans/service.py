"""Approved plans as the registry keeps them, and what each decision allows (P4, P6, P14).

A plan is made per facility and campaign; only the plan of a campaign under way (its phases include today, China
date) that covers the facility decides whether it may be suspended or shut down: a plan approved in an earlier
campaign no longer counts.
"""

import logging
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from eldersafe_common.errors import Conflict
from eldersafe_common.events import ReceivedEvent

from ..campaigns import service as campaigns
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
    campaign_id: str | None = None
    decision: str
    approved_at: datetime
    approved_by_name: str | None = None


def on_plan_approved(session: Session, event: ReceivedEvent) -> None:
    """Keep the approved plan (one row per plan; a redelivery writes the same values)."""
    data: PlanApproved = event.parse(PlanApproved)
    if not repository.facility_exists(session, data.facility_id):
        # Plans are made only for facilities the registry announced; failing here would hold the subject
        # back for ever, so an unknown facility is logged and skipped.
        log.warning("plan %s approved for unknown facility %s", data.plan_id, data.facility_id)
        return
    approved_at = data.approved_at if data.approved_at.tzinfo else data.approved_at.replace(tzinfo=UTC)
    by_name = data.approved_by_name[:200] if data.approved_by_name else None
    row = repository.get_approval(session, data.plan_id) or FacilityPlanApproval(
        plan_id=data.plan_id, facility_id=data.facility_id, decision=data.decision, approved_at=approved_at)
    row.facility_id, row.campaign_id, row.decision = data.facility_id, data.campaign_id, data.decision
    row.approved_at, row.approved_by_name = approved_at, by_name
    repository.save(session, row)


def current_approval(session: Session, *, facility_id: str) -> FacilityPlanApproval | None:
    """The approved plan that decides for the facility now: of a campaign under way covering it, latest first."""
    approvals = repository.approvals_of(session, facility_id)
    running = campaigns.covering_now(session, facility_id=facility_id,
                                     campaign_ids=[a.campaign_id for a in approvals if a.campaign_id])
    return next((a for a in approvals if a.campaign_id in running), None)


def require_plan_for(session: Session, *, facility_id: str, status: str) -> None:
    """Refuse a suspension or shutdown that no approved plan of this campaign decides (409)."""
    allowed = ALLOWED_BY.get(status)
    if allowed is None:
        return
    approval = current_approval(session, facility_id=facility_id)
    if approval is None:
        if repository.approvals_of(session, facility_id):
            raise Conflict(f"The facility's approved plan belongs to an earlier campaign: the task-force leader "
                           f"must approve this campaign's plan deciding {' or '.join(sorted(allowed))} before "
                           f"the facility is {status}.", code="plan_not_current")
        raise Conflict(f"No approved facility plan: the task-force leader must approve a plan deciding "
                       f"{' or '.join(sorted(allowed))} before the facility is {status}.",
                       code="plan_not_approved")
    if approval.decision not in allowed:
        raise Conflict(f"The approved facility plan decides '{approval.decision}', which does not allow "
                       f"the facility to be {status}.", code="plan_not_approved")
