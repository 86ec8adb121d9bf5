"""Rectification's hazard.* events as the ledger publishes them (its own v1 payload model), for feeding consumers."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.events import EventType, publish
from eldersafe_rectification.ledger import events as ledger
from tests.conftest import COMMUNITY

BY_STATE: dict[str, EventType[ledger.HazardEventPayload]] = {
    "open": ledger.ASSIGNED, "in_progress": ledger.REJECTED, "submitted": ledger.SUBMITTED,
    "accepted": ledger.ACCEPTED, "signed_off": ledger.SIGNED_OFF,
}


def hazard_event(session: Session, event_type: EventType[ledger.HazardEventPayload], *, hazard_id: str,
                 hazard_key: str, campaign_id: str, facility_id: str, state: str, severity: str = "major",
                 departments: list[str] | None = None, area_code: str = COMMUNITY, deadline: date | None = None,
                 **fields: Any) -> None:
    """Publish one hazard.* event about a ledger entry, as rectification does."""
    payload = ledger.HazardEventPayload(
        hazard_id=hazard_id, hazard_key=hazard_key, campaign_id=campaign_id, facility_id=facility_id,
        area_code=area_code, departments=departments or ["fire"], severity=severity, state=state,
        deadline=deadline or clock.china_today() + timedelta(days=7), responsible_name="李四",
        responsible_phone="13900000000", supervisor_subject="test-fire-staff", supervisor_name="王消防", **fields)
    publish(session, event_type, subject=f"hazard:{hazard_id}", payload=payload, producer=ledger.PRODUCER)


def new_hazard_id() -> str:
    return str(uuid.uuid4())
