"""Events this service publishes (producer "notification")."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlmodel import Session

from eldersafe_common.events import EventType, publish

PRODUCER = "notification"


class HazardEscalatedPayload(BaseModel):
    """A hazard reached the ladder's stage that flags it for a supervision order (挂牌督办)."""

    hazard_id: str
    facility_id: str
    area_code: str
    severity: str
    deadline: date
    stage: str
    days_overdue: int


HAZARD_ESCALATED = EventType("hazard.escalated", 1, HazardEscalatedPayload)


def escalated(session: Session, payload: HazardEscalatedPayload) -> None:
    """Publish hazard.escalated in the tick's transaction."""
    publish(session, HAZARD_ESCALATED, subject=f"hazard:{payload.hazard_id}", payload=payload, producer=PRODUCER)
