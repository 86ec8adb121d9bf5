"""Enqueue: the one way any rule puts a message on the queue. Idempotent on the notification's unique key."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Insert, insert
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


UNIQUE_KEY = ["rule_key", "subject", "stage", "recipient", "channel"]


def time_ordered_id() -> str:
    """A UUIDv7 (RFC 9562) as text: 48 bits of Unix milliseconds, then random bits. New rows land at the end of
    the primary-key index instead of on a random page of it (a random UUID costs a page write per row once
    the index outgrows the cache)."""
    milliseconds = time.time_ns() // 1_000_000
    random = int.from_bytes(os.urandom(10), "big")
    value = ((milliseconds & (1 << 48) - 1) << 80 | 0x7 << 76 | (random >> 62 & 0xFFF) << 64 | 0b10 << 62
             | random & (1 << 62) - 1)
    return str(uuid.UUID(int=value))


def insert_once(dialect: str) -> Any:
    """The dialect's INSERT on ``notification`` that skips a row whose unique key exists (no values yet)."""
    insert_of = pg_insert if dialect == "postgresql" else sqlite_insert
    return insert_of(Notification).on_conflict_do_nothing(index_elements=UNIQUE_KEY)


def _values(message: Message, recipient: Recipient, channel: str, now: datetime) -> dict[str, Any]:
    address = recipient.address(channel)
    return {
        "id": time_ordered_id(), "rule_key": message.rule_key, "subject": message.subject, "stage": message.stage,
        "recipient": recipient.key, "channel": channel, "recipient_name": recipient.name, "address": address,
        "major": message.major, "area_code": message.area_code, "title": message.title[:200],
        "body": message.body[:4000], "link": message.link, "attempts": 0,
        "status": "pending" if address else "undeliverable", "next_attempt_at": now, "created_at": now,
    }


def _undeliverable(values: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {"notification_id": values["id"], "at": now, "outcome": "undeliverable",
            "detail": f"no {values['channel']} address for {values['recipient_name'] or values['recipient']}"}


def enqueue(session: Session, *, message: Message, recipient: Recipient, channel: str, now: datetime) -> bool:
    """Record the notification unless it already exists; True when this call created it.

    INSERT … ON CONFLICT DO NOTHING on the unique key: two worker replicas, a replayed event or a tick caught
    up after a restart all end with one row, and so one message.
    """
    values = _values(message, recipient, channel, now)
    statement = insert_once(session.get_bind().dialect.name).values(**values).returning(col(Notification.id))
    created = session.connection().execute(statement).first() is not None
    if created and not values["address"]:
        session.add(NotificationAttempt(**_undeliverable(values, now)))
        session.flush()
    return created


def enqueue_many(session: Session, items: Iterable[tuple[Message, Recipient, str]], *, now: datetime) -> int:
    """Record many (message, recipient, channel) at once, each unless it exists; returns how many were new.

    One executemany of one prepared INSERT … ON CONFLICT DO NOTHING … RETURNING id (SQLAlchemy batches it
    into multi-row statements); the ids it returns are the new rows, whose undeliverable ones get their
    attempt in one more executemany.
    """
    rows = [_values(message, recipient, channel, now) for message, recipient, channel in items]
    if not rows:
        return 0
    connection = session.connection()
    statement: Insert = insert_once(connection.dialect.name).returning(col(Notification.id))
    created = {row.id for row in connection.execute(statement, rows)}
    attempts = [_undeliverable(row, now) for row in rows if not row["address"] and row["id"] in created]
    if attempts:
        connection.execute(insert(NotificationAttempt), attempts)
    return len(created)
