"""``follow_up.requested``: the inspection service plans a follow_up task from it."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlmodel import Session

from eldersafe_common.events import EventType, publish

from .models import FollowUp


class FollowUpRequested(BaseModel):
    follow_up_id: str
    campaign_id: str
    facility_id: str
    facility_name: str | None
    area_code: str
    departments: list[str]
    reason: str
    due_date: date


REQUESTED = EventType("follow_up.requested", 1, FollowUpRequested)


def emit_requested(session: Session, follow_up: FollowUp) -> None:
    """Publish ``follow_up.requested`` in the caller's transaction."""
    payload = FollowUpRequested(
        follow_up_id=follow_up.id, campaign_id=follow_up.campaign_id, facility_id=follow_up.facility_id,
        facility_name=follow_up.facility_name, area_code=follow_up.area_code,
        departments=list(follow_up.departments), reason=follow_up.reason, due_date=follow_up.due_date)
    publish(session, REQUESTED, subject=f"facility:{follow_up.facility_id}", payload=payload,
            producer="rectification")
