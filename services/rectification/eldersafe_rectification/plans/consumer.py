"""Consumer ``rectification.plans``: drafts from classification, relocation records, completion on stopping."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.events import Consumer, ReceivedEvent

from . import repository, service
from .models import Relocation


class FacilityClassified(BaseModel):
    """The fields of inspection's ``facility.classified`` v1 that plans use."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    campaign_id: str
    facility_id: str
    area_code: str
    klass: str = Field(alias="class")
    decided_by: str | None = None
    decided_at: datetime | None = None


class ResidentRelocated(BaseModel):
    """The fields of the registry's ``resident.relocated`` v1 that relocation records keep."""

    model_config = ConfigDict(extra="ignore")

    facility_id: str
    area_code: str
    resident_id: str
    name: str
    id_number: str | None = None
    care_level: str | None = None
    destination_kind: str
    receiving_facility_id: str | None = None
    receiving_facility_name: str | None = None
    receiving_resident_id: str | None = None
    destination: str | None = None
    moved_on: date
    confirmed_by_name: str | None = None
    relocated_by: str | None = None
    relocated_by_name: str | None = None


class FacilitySnapshot(BaseModel):
    model_config = ConfigDict(extra="ignore")

    facility_id: str
    name: str
    area_code: str


class FacilityStatusChanged(BaseModel):
    model_config = ConfigDict(extra="ignore")

    facility_id: str
    to_status: str


def on_facility_classified(session: Session, event: ReceivedEvent) -> None:
    """A facility classified shutdown or suspend gets a draft plan with that decision, unless it has a plan."""
    data = event.parse(FacilityClassified)
    service.draft_from_classification(session, facility_id=data.facility_id, area_code=data.area_code,
                                      campaign_id=data.campaign_id, klass=data.klass, decided_by=data.decided_by)


def on_resident_relocated(session: Session, event: ReceivedEvent) -> None:
    """Keep one record per resident; a later announcement about the same resident overwrites it."""
    data = event.parse(ResidentRelocated)
    row = repository.relocation(session, data.resident_id)
    values = {**data.model_dump(), "event_id": event.id, "recorded_at": clock.now()}
    if row is None:
        row = Relocation.model_validate(values)
    else:
        row.sqlmodel_update(values)
    repository.save(session, row)


def on_facility_snapshot(session: Session, event: ReceivedEvent) -> None:
    data = event.parse(FacilitySnapshot)
    service.follow_facility(session, facility_id=data.facility_id, name=data.name, area_code=data.area_code)


def on_facility_status_changed(session: Session, event: ReceivedEvent) -> None:
    """A facility that stopped under an approved plan has emptied (the registry refuses it otherwise)."""
    data = event.parse(FacilityStatusChanged)
    service.complete_relocation(session, facility_id=data.facility_id, to_status=data.to_status)


def plans_consumer() -> Consumer:
    return Consumer("rectification.plans", {
        "facility.classified": on_facility_classified,
        "resident.relocated": on_resident_relocated,
        "facility.registered": on_facility_snapshot,
        "facility.updated": on_facility_snapshot,
        "facility.status_changed": on_facility_status_changed,
    })
