"""Events this service reacts to. It never reads the registry's tables: it keeps its own copy."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from eldersafe_common.events import Consumer, ReceivedEvent, utcnow

from .ledger.consumer import ledger_consumer
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


class FacilityStatusChanged(BaseModel):
    model_config = ConfigDict(extra="ignore")

    facility_id: str
    to_status: str


def on_facility_snapshot(session: Session, event: ReceivedEvent) -> None:
    """Insert or overwrite the facility: a snapshot is the whole truth, so applying it twice changes nothing."""
    data: FacilitySnapshot = event.parse(FacilitySnapshot)
    row = session.get(RectificationFacility, data.facility_id)
    if row is None:
        row = RectificationFacility.model_validate({**data.model_dump(), "updated_at": utcnow()})
    else:
        row.sqlmodel_update(data.model_dump())
        row.updated_at = utcnow()
    session.add(row)


def on_facility_status_changed(session: Session, event: ReceivedEvent) -> None:
    """Follow the facility's operating status (suspension and shutdown drive relocation here)."""
    data: FacilityStatusChanged = event.parse(FacilityStatusChanged)
    row = session.get(RectificationFacility, data.facility_id)
    # Events arrive in id order, so a change for an unknown facility means one not registered here:
    # there is nothing to update, and failing would hold the subject back for ever.
    if row is not None:
        row.status = data.to_status
        row.updated_at = utcnow()
        session.add(row)


def consumers() -> list[Consumer]:
    return [
        Consumer(
            "rectification.facilities",
            {
                "facility.registered": on_facility_snapshot,
                "facility.updated": on_facility_snapshot,
                "facility.status_changed": on_facility_status_changed,
            },
        ),
        ledger_consumer(),
    ]
