"""``follow_up.requested`` from rectification becomes a planned task of mode follow_up."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from eldersafe_common.events import Consumer, ReceivedEvent

from . import service


class FollowUpRequested(BaseModel):
    """The fields of rectification's follow_up.requested v1 that planning needs (a tolerant reader)."""

    model_config = ConfigDict(extra="ignore")

    campaign_id: str
    facility_id: str
    area_code: str
    departments: list[str]
    due_date: date


def on_follow_up_requested(session: Session, event: ReceivedEvent) -> None:
    """Plan the visit; the consumption row makes a redelivered request plan nothing more."""
    data = event.parse(FollowUpRequested)
    service.plan_follow_up(session, campaign_id=data.campaign_id, facility_id=data.facility_id,
                           area_code=data.area_code, departments=data.departments, due_date=data.due_date)


def follow_up_consumer() -> Consumer:
    return Consumer("inspection.follow_ups", {"follow_up.requested": on_follow_up_requested})
