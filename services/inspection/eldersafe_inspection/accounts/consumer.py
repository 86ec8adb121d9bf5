"""The gateway's account events become inspection's copy of accounts (a tolerant reader; replays and stale events
change nothing)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.events import Consumer, ReceivedEvent

from .models import InspectionAccount


class AccountSnapshot(BaseModel):
    """The fields of account.created / account.updated (v1) inspection keeps (never a phone or an email)."""

    model_config = ConfigDict(extra="ignore")

    account_id: str
    username: str
    name: str
    role: str
    position: str
    department: str | None = None
    area: str
    facility: str | None = None
    disabled: bool = False


def on_account(session: Session, event: ReceivedEvent) -> None:
    """Insert or refresh the account, unless a later event already did."""
    data = event.parse(AccountSnapshot)
    row = session.get(InspectionAccount, data.account_id)
    if row is not None and row.event_id > event.id:
        return
    row = row or InspectionAccount(account_id=data.account_id, username=data.username, name=data.name,
                                   role=data.role, position=data.position, area=data.area, event_id=event.id,
                                   updated_at=clock.now())
    row.sqlmodel_update(data.model_dump(exclude={"account_id"}))
    row.event_id, row.updated_at = event.id, clock.now()
    session.add(row)


def accounts_consumer() -> Consumer:
    return Consumer("inspection.accounts", {"account.created": on_account, "account.updated": on_account})
