"""Inspection's campaign and inspection events, and the ledger's intake, become this service's copies
(tolerant readers: only the fields named here are read; replays change nothing)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.events import Consumer, ReceivedEvent

from . import repository
from .models import NotificationCampaign, NotificationCoverage, NotificationHazardIntake


class CampaignSnapshot(BaseModel):
    """inspection's campaign.created / campaign.updated payload (v1)."""

    model_config = ConfigDict(extra="ignore")

    campaign_id: str
    name: str
    area_code: str
    departments: list[str]
    survey_start: date
    survey_end: date
    rectification_start: date
    rectification_end: date
    review_start: date
    review_end: date
    targets: list[str]


class InspectionSubmitted(BaseModel):
    """inspection's inspection.submitted payload (v1), as far as coverage needs it."""

    model_config = ConfigDict(extra="ignore")

    campaign_id: str
    facility_id: str
    departments: list[str]
    self_check: bool


class HazardTaken(BaseModel):
    """rectification's hazard.assigned / hazard.reopened payload (v1), as far as the digest needs it."""

    model_config = ConfigDict(extra="ignore")

    hazard_id: str
    hazard_key: str
    facility_id: str
    area_code: str
    departments: list[str]
    severity: str
    deadline: date


def on_campaign(session: Session, event: ReceivedEvent) -> None:
    """Insert or refresh the campaign copy, unless a later event already did."""
    data = event.parse(CampaignSnapshot)
    row = repository.campaign(session, data.campaign_id)
    if row is not None and row.event_id > event.id:
        return
    values = data.model_dump(exclude={"campaign_id"})
    values["name"] = values["name"][:200]
    values["targets"] = sorted(set(data.targets))
    row = row or NotificationCampaign(id=data.campaign_id, **values, event_id=event.id, updated_at=clock.now())
    row.sqlmodel_update(values)
    row.event_id, row.updated_at = event.id, clock.now()
    session.add(row)


def on_inspection_submitted(session: Session, event: ReceivedEvent) -> None:
    """An official inspection covers each of its departments at its facility; a self-check covers nothing."""
    data = event.parse(InspectionSubmitted)
    if data.self_check:
        return
    for department in sorted(set(data.departments)):
        key = (data.campaign_id, data.facility_id, department)
        if repository.coverage(session, key) is None:
            session.add(NotificationCoverage(campaign_id=data.campaign_id, facility_id=data.facility_id,
                                             department=department))
    session.flush()


def on_hazard_taken(session: Session, event: ReceivedEvent) -> None:
    """Stamp the hazard as new for each of its departments (a reopening makes it new again)."""
    data = event.parse(HazardTaken)
    repository.forget_intake(session, data.hazard_id)
    stamp = clock.now()
    session.add_all([NotificationHazardIntake(
        hazard_id=data.hazard_id, department=department, hazard_key=data.hazard_key, facility_id=data.facility_id,
        area_code=data.area_code, severity=data.severity, deadline=data.deadline, received_at=stamp)
        for department in sorted(set(data.departments))])
    session.flush()


def campaigns_consumer() -> Consumer:
    return Consumer("notification.campaigns", {
        "campaign.created": on_campaign,
        "campaign.updated": on_campaign,
        "inspection.submitted": on_inspection_submitted,
        "hazard.assigned": on_hazard_taken,
        "hazard.reopened": on_hazard_taken,
    })
