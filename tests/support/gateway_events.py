"""The gateway's account events as it publishes them (its own v1 payload model), for feeding consumers."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from eldersafe_common.events import publish
from eldersafe_gateway.accounts.events import ACCOUNT_CREATED, ACCOUNT_UPDATED, PRODUCER, AccountEventPayload
from tests.conftest import DISTRICT

DEPARTMENTS = ("civil_affairs", "fire", "emergency", "police", "health", "housing", "market")


def account_payload(account_id: str, name: str, role: str, position: str = "staff",
                    **fields: Any) -> AccountEventPayload:
    return AccountEventPayload(**{
        "account_id": account_id, "username": account_id, "name": name, "role": role, "position": position,
        "department": role if role in DEPARTMENTS else None, "area": DISTRICT, "facility": None, "phone": None,
        "email": None, "disabled": False, **fields})


def account_created(session: Session, account_id: str, name: str, role: str, position: str = "staff",
                    **fields: Any) -> None:
    publish(session, ACCOUNT_CREATED, subject=f"account:{account_id}", producer=PRODUCER,
            payload=account_payload(account_id, name, role, position, **fields))


def account_updated(session: Session, account_id: str, name: str, role: str, position: str = "staff",
                    **fields: Any) -> None:
    publish(session, ACCOUNT_UPDATED, subject=f"account:{account_id}", producer=PRODUCER,
            payload=account_payload(account_id, name, role, position, **fields))
