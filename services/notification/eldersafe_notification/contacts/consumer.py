"""The gateway's account events become contacts (a tolerant reader; replays and stale events change nothing)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.events import Consumer, ReceivedEvent

from .models import NotificationContact


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
    row = session.get(NotificationContact, data.account_id)
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
