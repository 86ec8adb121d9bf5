"""The registry's events and their v1 payloads (the contract in ARCHITECTURE.md)."""

from __future__ import annotations

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


FACILITY_REGISTERED = EventType("facility.registered", 1, FacilitySnapshot)
FACILITY_UPDATED = EventType("facility.updated", 1, FacilityUpdatedPayload)
FACILITY_STATUS_CHANGED = EventType("facility.status_changed", 1, FacilityStatusChangedPayload)

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
