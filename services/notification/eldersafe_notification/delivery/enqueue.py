"""Enqueue: the one way any rule puts a message on the queue. Idempotent on the notification's unique key."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from .models import Notification, NotificationAttempt


@dataclass(frozen=True)
class Recipient:
    """Who is told: ``key`` is stable (account:<subject> / person:<name>:<address> / webhook:<id>)."""

    key: str
    name: str | None
    phone: str | None = None
    email: str | None = None
    url: str | None = None

    def address(self, channel: str) -> str | None:
        """Where ``channel`` reaches this recipient; None when it cannot (recorded as undeliverable)."""
        if channel == "sms":
            return self.phone
        if channel == "email":
            return self.email
        if channel == "webhook":
            return self.url
        return self.key if self.key.startswith("account:") else None  # the inbox belongs to accounts


@dataclass(frozen=True)
class Message:
    rule_key: str
    subject: str
    stage: str
    title: str
    body: str
    link: str | None = None
    major: bool = False
    area_code: str | None = None


def enqueue(session: Session, *, message: Message, recipient: Recipient, channel: str, now: datetime) -> bool:
    """Record the notification unless it already exists; True when this call created it.

    INSERT … ON CONFLICT DO NOTHING on the unique key: two worker replicas, a replayed event or a tick caught
    up after a restart all end with one row, and so one message.
    """
    address = recipient.address(channel)
    notification_id = str(uuid.uuid4())
    values = {
        "id": notification_id, "rule_key": message.rule_key, "subject": message.subject, "stage": message.stage,
        "recipient": recipient.key, "channel": channel, "recipient_name": recipient.name, "address": address,
        "major": message.major, "area_code": message.area_code, "title": message.title[:200],
        "body": message.body[:4000], "link": message.link, "attempts": 0,
        "status": "pending" if address else "undeliverable", "next_attempt_at": now, "created_at": now,
    }
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(Notification).values(**values).on_conflict_do_nothing(
        index_elements=["rule_key", "subject", "stage", "recipient", "channel"]).returning(col(Notification.id))
    created = session.connection().execute(statement).first() is not None
    if created and not address:
        session.add(NotificationAttempt(notification_id=notification_id, at=now, outcome="undeliverable",
                                        detail=f"no {channel} address for {recipient.name or recipient.key}"))
        session.flush()
    return created
