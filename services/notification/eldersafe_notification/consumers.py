"""Events this service reacts to. It never reads the registry's tables: it keeps its own copy."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.events import Consumer, ReceivedEvent

from .campaigns.consumer import campaigns_consumer
from .contacts.consumer import contacts_consumer
from .hazards.consumer import hazards_consumer
from .models import NotificationFacility
from .webhooks.consumer import webhook_consumer


class FacilitySnapshot(BaseModel):
    """The fields of registry's facility events that this service needs (a tolerant reader)."""

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
    """Insert or refresh the facility's contact record."""
    data = event.parse(FacilitySnapshot)
    row = session.get(NotificationFacility, data.facility_id) or NotificationFacility(
        id=data.facility_id, name=data.name, area_code=data.area_code, status=data.status, updated_at=clock.now()
    )
    row.name, row.area_code, row.status = data.name, data.area_code, data.status
    row.manager, row.manager_phone = data.manager, data.manager_phone
    row.updated_at = clock.now()
    session.add(row)


def on_facility_status_changed(session: Session, event: ReceivedEvent) -> None:
    """Follow the facility's operating status."""
    data = event.parse(FacilityStatusChanged)
    row = session.get(NotificationFacility, data.facility_id)
    if row is not None:
        row.status = data.to_status
        row.updated_at = clock.now()
        session.add(row)


def consumers() -> list[Consumer]:
    return [
        Consumer(
            "notification.facilities",
            {
                "facility.registered": on_facility_snapshot,
                "facility.updated": on_facility_snapshot,
                "facility.status_changed": on_facility_status_changed,
            },
        ),
        contacts_consumer(),
        hazards_consumer(),
        webhook_consumer(),
        campaigns_consumer(),
    ]
