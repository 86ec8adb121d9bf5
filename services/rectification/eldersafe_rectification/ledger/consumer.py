"""Intake: ``hazard.found`` from inspection, read with this service's own tolerant model."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from eldersafe_common.events import Consumer, ReceivedEvent

from . import intake, overdue


class FoundInspector(BaseModel):
    model_config = ConfigDict(extra="ignore")

    subject: str | None = None
    name: str | None = None


class HazardFound(BaseModel):
    """The fields of inspection's hazard.found v1 that the ledger uses."""

    model_config = ConfigDict(extra="ignore")

    hazard_key: str
    inspection_id: str
    campaign_id: str
    facility_id: str
    area_code: str
    department: str
    item_code: str
    item_text: str = ""
    basis: str = ""
    category: str = ""
    severity: str = "ordinary"
    criterion_code: str | None = None
    description: str = ""
    measures: str | None = None
    photo_ids: list[str] = []
    inspector: FoundInspector = FoundInspector()
    found_at: datetime
    self_check: bool = False
    mode: str = "announced"


def on_hazard_found(session: Session, event: ReceivedEvent) -> None:
    """Enter the hazard in the ledger (once per hazard_key) or reopen a signed-off one on a follow-up."""
    intake.intake(session, found=event.parse(HazardFound), event_id=event.id)


class FindingWithdrawn(BaseModel):
    """The fields of inspection's finding.withdrawn v1 that the ledger uses."""

    model_config = ConfigDict(extra="ignore")

    hazard_key: str
    inspection_id: str
    amendment_id: str | None = None
    reason: str = ""
    withdrawn_by: FoundInspector = FoundInspector()
    withdrawn_at: datetime


def on_finding_withdrawn(session: Session, event: ReceivedEvent) -> None:
    """Close the hazard the finding opened as withdrawn (its subject is the facility's, after hazard.found)."""
    intake.withdraw(session, withdrawn=event.parse(FindingWithdrawn))


class HazardEscalated(BaseModel):
    """notification's hazard.escalated v1: the ladder flagged the hazard for a supervision order."""

    model_config = ConfigDict(extra="ignore")

    hazard_id: str
    deadline: date
    stage: str
    days_overdue: int


def on_hazard_escalated(session: Session, event: ReceivedEvent) -> None:
    """Flag the entry for a supervision order (挂牌督办), unless it was closed or given a new deadline since."""
    data = event.parse(HazardEscalated)
    overdue.flag_escalated(session, hazard_id=data.hazard_id, deadline=data.deadline, stage=data.stage,
                           days_overdue=data.days_overdue, at=event.occurred_at)


def ledger_consumer() -> Consumer:
    return Consumer("rectification.ledger", {"hazard.found": on_hazard_found, "finding.withdrawn": on_finding_withdrawn,
                                             "hazard.escalated": on_hazard_escalated})
