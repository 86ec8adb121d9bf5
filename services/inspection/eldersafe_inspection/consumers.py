"""Events this service reacts to. It never reads the registry's tables: it keeps its own copy."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.events import Consumer, ReceivedEvent

from .accounts.consumer import accounts_consumer
from .campaigns import service as campaign_targets
from .classification.ledger_consumer import ledger_consumer
from .targets.models import InspectionTarget
from .tasks.consumer import follow_up_consumer
from .wiring import install


class FacilitySnapshot(BaseModel):
    """The fields of the registry's facility snapshot that inspections need (a tolerant reader)."""

    model_config = ConfigDict(extra="ignore")

    facility_id: str
    name: str
    # Older snapshots may lack it; the public facility search then matches the name alone.
    address: str = ""
    area_code: str
    ownership: str
    licensed_beds: int
    residents_count: int
    status: str


class FacilityStatusChanged(BaseModel):
    model_config = ConfigDict(extra="ignore")

    facility_id: str
    to_status: str


def on_facility_snapshot(session: Session, event: ReceivedEvent) -> None:
    """Insert or overwrite the target: a snapshot is the whole truth, so applying it twice changes nothing."""
    data: FacilitySnapshot = event.parse(FacilitySnapshot)
    row = session.get(InspectionTarget, data.facility_id)
    if row is None:
        row = InspectionTarget.model_validate({**data.model_dump(), "updated_at": clock.now()})
    else:
        row.sqlmodel_update(data.model_dump())
        row.updated_at = clock.now()
    session.add(row)
    if event.type == "facility.registered":
        campaign_targets.on_facility_registered(session, facility_id=data.facility_id, area_code=data.area_code,
                                                status=data.status)


def on_facility_status_changed(session: Session, event: ReceivedEvent) -> None:
    """Follow the facility's operating status (a facility being shut down is still inspected until it is)."""
    data: FacilityStatusChanged = event.parse(FacilityStatusChanged)
    row = session.get(InspectionTarget, data.facility_id)
    # Events arrive in id order, so a change for an unknown facility means one not registered here:
    # there is nothing to update, and failing would hold the subject back for ever.
    if row is not None:
        row.status = data.to_status
        row.updated_at = clock.now()
        session.add(row)
    campaign_targets.on_facility_status_changed(session, facility_id=data.facility_id, to_status=data.to_status)


def targets_consumer() -> Consumer:
    return Consumer(
        "inspection.targets",
        {
            "facility.registered": on_facility_snapshot,
            "facility.updated": on_facility_snapshot,
            "facility.status_changed": on_facility_status_changed,
        },
    )


def consumers() -> list[Consumer]:
    """The worker's consumers (their handlers stamp campaigns and read facts: ``wiring.install`` first)."""
    install()
    return [targets_consumer(), follow_up_consumer(), ledger_consumer(), accounts_consumer()]
