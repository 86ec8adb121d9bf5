"""The facility copy kept from events: the registry's snapshots and status changes, inspection's classification.

This service never reads the registry's tables; it keeps its own copy (``rectification_facility``).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.events import Consumer, ReceivedEvent

from .models import RectificationFacility


class FacilitySnapshot(BaseModel):
    """The fields of the registry's facility snapshot that rectification needs (a tolerant reader)."""

    model_config = ConfigDict(extra="ignore")

    facility_id: str
    name: str
    area_code: str
    manager: str | None = None
    manager_phone: str | None = None
    status: str
    # Optional so that an older snapshot without them still applies; absent fields keep what is stored.
    latitude: float | None = None
    longitude: float | None = None
    licensed_beds: int | None = None
    residents_count: int | None = None


class FacilityClassified(BaseModel):
    """The fields of inspection's ``facility.classified`` v1 that the facility copy keeps."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    campaign_id: str
    facility_id: str
    klass: str = Field(alias="class")
    decided_at: datetime


class FacilityStatusChanged(BaseModel):
    model_config = ConfigDict(extra="ignore")

    facility_id: str
    to_status: str


def on_facility_snapshot(session: Session, event: ReceivedEvent) -> None:
    """Insert or overwrite the facility: a snapshot is the whole truth, so applying it twice changes nothing."""
    data: FacilitySnapshot = event.parse(FacilitySnapshot)
    row = session.get(RectificationFacility, data.facility_id)
    values = data.model_dump(exclude_unset=True)
    if row is None:
        row = RectificationFacility.model_validate({**values, "updated_at": clock.now()})
    else:
        row.sqlmodel_update(values)
        row.updated_at = clock.now()
    session.add(row)


def on_facility_status_changed(session: Session, event: ReceivedEvent) -> None:
    """Follow the facility's operating status (suspension and shutdown drive relocation here)."""
    data: FacilityStatusChanged = event.parse(FacilityStatusChanged)
    row = session.get(RectificationFacility, data.facility_id)
    # Events arrive in id order, so a change for an unknown facility means one not registered here:
    # there is nothing to update, and failing would hold the subject back for ever.
    if row is not None:
        row.status = data.to_status
        row.updated_at = clock.now()
        session.add(row)


def on_facility_classified(session: Session, event: ReceivedEvent) -> None:
    """Keep the facility's latest class (decided last, whichever campaign): suggestions take only ``pass``."""
    data: FacilityClassified = event.parse(FacilityClassified)
    row = session.get(RectificationFacility, data.facility_id)
    # Handled in the same id order as the registration, so an unknown facility is one not registered here.
    if row is None or (row.classified_at is not None and row.classified_at > data.decided_at):
        return
    row.classification, row.classified_campaign_id, row.classified_at = data.klass, data.campaign_id, data.decided_at
    row.updated_at = clock.now()
    session.add(row)


def facilities_consumer() -> Consumer:
    return Consumer(
        "rectification.facilities",
        {
            "facility.registered": on_facility_snapshot,
            "facility.updated": on_facility_snapshot,
            "facility.status_changed": on_facility_status_changed,
            "facility.classified": on_facility_classified,
        },
    )
