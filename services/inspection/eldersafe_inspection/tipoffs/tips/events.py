"""The tip domain's events and their v1 payloads (subject ``tip:<id>``; the contract in DESIGN.md, "Tips").

No payload ever carries the reporter's contact or receipt: consumers (notification, statistics) need the case,
never the person.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlmodel import Session

from eldersafe_common.events import EventType, publish
from eldersafe_common.http import request_id_var

from .models import Tip

PRODUCER = "inspection"


class TipReceivedPayload(BaseModel):
    tip_id: str
    number: str
    category: str
    facility_id: str | None
    area_code: str
    # web / open311
    source: str
    possible_duplicate_of: str | None
    created_at: datetime


class TipAssignedPayload(BaseModel):
    tip_id: str
    number: str
    facility_id: str
    area_code: str
    department: str
    task_id: str
    campaign_id: str


class TipMarkedDuplicatePayload(BaseModel):
    tip_id: str
    number: str
    duplicate_of: str


class TipClosedPayload(BaseModel):
    tip_id: str
    number: str
    reason: str


class TipCheckedPayload(BaseModel):
    tip_id: str
    number: str
    facility_id: str
    area_code: str
    # verified / unfounded
    outcome: str
    hazard_keys: list[str]


TIP_RECEIVED = EventType("tip.received", 1, TipReceivedPayload)
TIP_ASSIGNED = EventType("tip.assigned", 1, TipAssignedPayload)
TIP_MARKED_DUPLICATE = EventType("tip.marked_duplicate", 1, TipMarkedDuplicatePayload)
TIP_CLOSED = EventType("tip.closed", 1, TipClosedPayload)
TIP_CHECKED = EventType("tip.checked", 1, TipCheckedPayload)


def _subject(tip: Tip) -> str:
    return f"tip:{tip.id}"


def tip_received(session: Session, tip: Tip) -> None:
    """Announce a new tip (from the web form or Open311) in the caller's transaction."""
    payload = TipReceivedPayload(
        tip_id=tip.id, number=tip.number, category=tip.category, facility_id=tip.facility_id,
        area_code=tip.area_code, source=tip.source, possible_duplicate_of=tip.possible_duplicate_of,
        created_at=tip.created_at)
    publish(session, TIP_RECEIVED, subject=_subject(tip), payload=payload, producer=PRODUCER,
            request_id=request_id_var.get())


def tip_assigned(session: Session, tip: Tip) -> None:
    """Announce that a tip went to a department as a tip_check task, in the caller's transaction."""
    assert tip.facility_id is not None and tip.assigned_department is not None
    assert tip.task_id is not None and tip.campaign_id is not None
    payload = TipAssignedPayload(
        tip_id=tip.id, number=tip.number, facility_id=tip.facility_id, area_code=tip.area_code,
        department=tip.assigned_department, task_id=tip.task_id, campaign_id=tip.campaign_id)
    publish(session, TIP_ASSIGNED, subject=_subject(tip), payload=payload, producer=PRODUCER,
            request_id=request_id_var.get())


def tip_marked_duplicate(session: Session, tip: Tip) -> None:
    """Announce that triage marked a tip a duplicate of another, in the caller's transaction."""
    assert tip.duplicate_of is not None
    payload = TipMarkedDuplicatePayload(tip_id=tip.id, number=tip.number, duplicate_of=tip.duplicate_of)
    publish(session, TIP_MARKED_DUPLICATE, subject=_subject(tip), payload=payload, producer=PRODUCER,
            request_id=request_id_var.get())


def tip_closed(session: Session, tip: Tip) -> None:
    """Announce that triage closed a tip without a check, in the caller's transaction."""
    assert tip.closed_reason is not None
    payload = TipClosedPayload(tip_id=tip.id, number=tip.number, reason=tip.closed_reason)
    publish(session, TIP_CLOSED, subject=_subject(tip), payload=payload, producer=PRODUCER,
            request_id=request_id_var.get())


def tip_checked(session: Session, tip: Tip, *, hazard_keys: list[str]) -> None:
    """Announce the outcome of a tip's check (verified / unfounded), in the caller's transaction."""
    assert tip.facility_id is not None
    payload = TipCheckedPayload(
        tip_id=tip.id, number=tip.number, facility_id=tip.facility_id, area_code=tip.area_code,
        outcome=tip.status, hazard_keys=list(hazard_keys))
    publish(session, TIP_CHECKED, subject=_subject(tip), payload=payload, producer=PRODUCER,
            request_id=request_id_var.get())
