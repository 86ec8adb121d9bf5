"""The gateway's account events (producer "gateway", subject ``account:<id>``), written in the caller's
transaction: the notification service keeps its contacts from them."""

from __future__ import annotations

from pydantic import BaseModel
from sqlmodel import Session

from eldersafe_common.events import EventType, publish
from eldersafe_common.http import request_id_var

from ..models import Account

PRODUCER = "gateway"


class AccountEventPayload(BaseModel):
    account_id: str
    username: str
    name: str
    role: str
    position: str
    department: str | None
    area: str
    facility: str | None
    phone: str | None
    email: str | None
    disabled: bool


ACCOUNT_CREATED = EventType("account.created", 1, AccountEventPayload)
ACCOUNT_UPDATED = EventType("account.updated", 1, AccountEventPayload)


def announce(session: Session, event_type: EventType[AccountEventPayload], account: Account) -> None:
    """Publish ``event_type`` about ``account`` in the caller's transaction (never the hash or lockout state)."""
    payload = AccountEventPayload(
        account_id=account.id, username=account.username, name=account.name, role=account.role,
        position=account.position, department=account.department, area=account.area, facility=account.facility,
        phone=account.phone, email=account.email, disabled=account.disabled,
    )
    publish(session, event_type, subject=f"account:{account.id}", payload=payload, producer=PRODUCER,
            request_id=request_id_var.get())
