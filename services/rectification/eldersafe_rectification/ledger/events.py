"""The ledger's events (producer "rectification", subject ``hazard:<id>``), written in the caller's transaction."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlmodel import Session

from eldersafe_common.events import EventType, publish

from .models import Hazard

PRODUCER = "rectification"


class HazardEventPayload(BaseModel):
    hazard_id: str
    hazard_key: str
    campaign_id: str
    facility_id: str
    area_code: str
    departments: list[str]
    severity: str
    state: str
    deadline: date
    responsible_name: str | None
    responsible_phone: str | None
    supervisor_subject: str | None
    supervisor_name: str | None
    previous_deadline: date | None = None
    reason: str | None = None
    # What was found and the check item it failed (optional: events written before issue 11 lack them), so
    # that a consumer's message names the finding, not the item's compliant wording.
    description: str | None = None
    item_text: str | None = None


def _type(name: str) -> EventType[HazardEventPayload]:
    return EventType(name, 1, HazardEventPayload)


ASSIGNED = _type("hazard.assigned")
DEADLINE_CHANGED = _type("hazard.deadline_changed")
SUBMITTED = _type("hazard.submitted")
ACCEPTED = _type("hazard.accepted")
REJECTED = _type("hazard.rejected")
SIGNED_OFF = _type("hazard.signed_off")
REOPENED = _type("hazard.reopened")
OVERDUE = _type("hazard.overdue")


def emit(session: Session, event_type: EventType[HazardEventPayload], hazard: Hazard, *,
         previous_deadline: date | None = None, reason: str | None = None) -> None:
    """Publish ``event_type`` about ``hazard`` in the caller's transaction."""
    payload = HazardEventPayload(
        hazard_id=hazard.id, hazard_key=hazard.hazard_key, campaign_id=hazard.campaign_id,
        facility_id=hazard.facility_id, area_code=hazard.area_code, departments=list(hazard.departments),
        severity=hazard.severity, state=hazard.state, deadline=hazard.deadline,
        responsible_name=hazard.responsible_name, responsible_phone=hazard.responsible_phone,
        supervisor_subject=hazard.supervisor_subject, supervisor_name=hazard.supervisor_name,
        previous_deadline=previous_deadline, reason=reason, description=hazard.description,
        item_text=hazard.item_text,
    )
    publish(session, event_type, subject=f"hazard:{hazard.id}", payload=payload, producer=PRODUCER)
