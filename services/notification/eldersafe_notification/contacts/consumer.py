"""The gateway's account events and the registry's facility events become contacts (tolerant readers; replays
and stale events change nothing)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.events import Consumer, ReceivedEvent

from . import repository
from .models import NotificationContact, NotificationFacility


class AccountSnapshot(BaseModel):
    """The fields of account.created / account.updated (v1) this service keeps."""

    model_config = ConfigDict(extra="ignore")

    account_id: str
    username: str
    name: str
    role: str
    position: str
    department: str | None = None
    area: str
    facility: str | None = None
    phone: str | None = None
    email: str | None = None
    disabled: bool = False


def on_account(session: Session, event: ReceivedEvent) -> None:
    """Insert or refresh the account's contact, unless a later event already did."""
    data = event.parse(AccountSnapshot)
    row = repository.contact(session, data.account_id)
    if row is not None and row.event_id > event.id:
        return
    row = row or NotificationContact(account_id=data.account_id, username=data.username, name=data.name,
                                     role=data.role, position=data.position, area=data.area,
                                     event_id=event.id, updated_at=clock.now())
    for name, value in data.model_dump().items():
        if name != "account_id":
            setattr(row, name, value)
    row.event_id, row.updated_at = event.id, clock.now()
    session.add(row)


def contacts_consumer() -> Consumer:
    return Consumer("notification.contacts", {"account.created": on_account, "account.updated": on_account})


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
    row = repository.facility(session, data.facility_id) or NotificationFacility(
        id=data.facility_id, name=data.name, area_code=data.area_code, status=data.status, updated_at=clock.now()
    )
    row.name, row.area_code, row.status = data.name, data.area_code, data.status
    row.manager, row.manager_phone = data.manager, data.manager_phone
    row.updated_at = clock.now()
    session.add(row)


def on_facility_status_changed(session: Session, event: ReceivedEvent) -> None:
    """Follow the facility's operating status."""
    data = event.parse(FacilityStatusChanged)
    row = repository.facility(session, data.facility_id)
    if row is not None:
        row.status = data.to_status
        row.updated_at = clock.now()
        session.add(row)


def facilities_consumer() -> Consumer:
    return Consumer("notification.facilities", {
        "facility.registered": on_facility_snapshot,
        "facility.updated": on_facility_snapshot,
        "facility.status_changed": on_facility_status_changed,
    })
