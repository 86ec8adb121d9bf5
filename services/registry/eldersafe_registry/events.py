"""The registry's events and their v1 payloads (the contract in ARCHITECTURE.md)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field
from sqlmodel import Session

from eldersafe_common.events import EventType, publish
from eldersafe_common.http import request_id_var

from .models import Facility

PRODUCER = "registry"


class FacilitySnapshot(BaseModel):
    """Everything other services keep about a facility."""

    facility_id: str
    name: str
    uscc: str
    ownership: str
    address: str
    subdistrict_code: str
    community_code: str
    area_code: str
    latitude: float | None
    longitude: float | None
    legal_representative: str
    legal_representative_phone: str
    manager: str
    manager_phone: str
    licensed_beds: int
    residents_count: int
    status: str


class FacilityUpdatedPayload(FacilitySnapshot):
    changed: list[str] = Field(description="Names of the snapshot fields that changed")


class FacilityStatusChangedPayload(BaseModel):
    facility_id: str
    area_code: str
    from_status: str
    to_status: str
    reason: str
    changed_by: str


class ResidentRelocatedPayload(BaseModel):
    """One resident moved out of a facility by a relocation (安置); the identity number is masked."""

    facility_id: str
    area_code: str
    resident_id: str
    name: str
    id_number: str = Field(description="Masked: region prefix and last four characters only")
    care_level: str
    destination_kind: str
    receiving_facility_id: str | None
    receiving_facility_name: str | None
    receiving_resident_id: str | None = Field(description="The resident's new row at the receiving facility")
    destination: str
    moved_on: date
    confirmed_by_name: str
    relocated_by: str
    relocated_by_name: str | None
    remaining_residents: int = Field(description="Active residents left at the facility after this move")


FACILITY_REGISTERED = EventType("facility.registered", 1, FacilitySnapshot)
FACILITY_UPDATED = EventType("facility.updated", 1, FacilityUpdatedPayload)
FACILITY_STATUS_CHANGED = EventType("facility.status_changed", 1, FacilityStatusChangedPayload)
RESIDENT_RELOCATED = EventType("resident.relocated", 1, ResidentRelocatedPayload)

SNAPSHOT_FIELDS = frozenset(FacilitySnapshot.model_fields) - {"facility_id"}


def snapshot(facility: Facility) -> dict[str, object]:
    data = {name: getattr(facility, name) for name in SNAPSHOT_FIELDS}
    data["facility_id"] = facility.id
    return data


def _subject(facility: Facility) -> str:
    return f"facility:{facility.id}"


def facility_registered(session: Session, facility: Facility) -> None:
    """Announce a new facility in the caller's transaction."""
    publish(session, FACILITY_REGISTERED, subject=_subject(facility), producer=PRODUCER,
            payload=FacilitySnapshot.model_validate(snapshot(facility)), request_id=request_id_var.get())


def facility_updated(session: Session, facility: Facility, changed: list[str]) -> None:
    """Announce a change of snapshot fields; changes outside the snapshot are not announced."""
    relevant = sorted(set(changed) & SNAPSHOT_FIELDS)
    if not relevant:
        return
    payload = FacilityUpdatedPayload.model_validate({**snapshot(facility), "changed": relevant})
    publish(session, FACILITY_UPDATED, subject=_subject(facility), producer=PRODUCER, payload=payload,
            request_id=request_id_var.get())


def facility_status_changed(session: Session, facility: Facility, *, from_status: str, reason: str,
                            changed_by: str) -> None:
    """Announce an operating-status change."""
    payload = FacilityStatusChangedPayload(
        facility_id=facility.id, area_code=facility.area_code, from_status=from_status,
        to_status=facility.status, reason=reason, changed_by=changed_by,
    )
    publish(session, FACILITY_STATUS_CHANGED, subject=_subject(facility), producer=PRODUCER, payload=payload,
            request_id=request_id_var.get())


def resident_relocated(session: Session, facility: Facility, payload: ResidentRelocatedPayload) -> None:
    """Announce a relocation on the facility the resident left."""
    publish(session, RESIDENT_RELOCATED, subject=_subject(facility), producer=PRODUCER, payload=payload,
            request_id=request_id_var.get())
