"""The notification record (one per rule, subject, stage, recipient and channel) and its attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, Integer, UniqueConstraint
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import NotificationBase

# pending → sending → sent; pending → held (quiet hours) → pending; failures back to pending with a later
# next_attempt_at until attempts run out (failed); no address → undeliverable (recorded, never sent).
STATUSES = ("pending", "held", "sending", "sent", "failed", "undeliverable")
CHANNELS = ("sms", "email", "inbox", "webhook")


class Notification(NotificationBase, table=True):
    """One message to one recipient on one channel; the unique key makes it exist, and so be sent, once."""

    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("rule_key", "subject", "stage", "recipient", "channel", name="uq_notification_once"),
        Index("ix_notification_due", "status", "next_attempt_at"),
        Index("ix_notification_inbox", "recipient", "channel", "created_at"),
        Index("ix_notification_created", "created_at"),
    )

    id: str = Field(primary_key=True, max_length=36)
    # e.g. hazard.deadline, supervision_order.deadline, campaign.phase, digest.daily, webhook
    rule_key: str = Field(max_length=64)
    # what it is about, e.g. hazard:<id>@<deadline> (a new deadline starts a new ladder), digest:<date>
    subject: str = Field(max_length=160)
    # e.g. remind_3d, remind_1d, due_day, overdue_3wd, overdue_7wd, issued, digest
    stage: str = Field(max_length=32)
    # account:<subject> for an account, person:<name>:<phone-or-email> for someone without one, webhook:<id>
    recipient: str = Field(max_length=200)
    channel: str = Field(max_length=10)
    recipient_name: str | None = Field(default=None, max_length=100)
    # phone, email or URL resolved when enqueued; None → undeliverable
    address: str | None = Field(default=None, max_length=300)
    major: bool = Field(default=False)
    area_code: str | None = Field(default=None, max_length=32)
    title: str = Field(max_length=200)
    body: str = Field(max_length=4000)
    link: str | None = Field(default=None, max_length=300)
    status: str = Field(default="pending", max_length=16)
    attempts: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    next_attempt_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    claimed_until: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    last_error: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    read_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))


class NotificationAttempt(NotificationBase, table=True):
    """One try at sending (or holding) a notification, with its outcome: the delivery log's detail."""

    __tablename__ = "notification_attempt"

    id: int | None = Field(default=None, sa_column=Column(BigInteger().with_variant(Integer, "sqlite"),
                                                          primary_key=True, autoincrement=True))
    notification_id: str = Field(max_length=36, index=True)
    at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    # sent / failed / held / undeliverable
    outcome: str = Field(max_length=16)
    detail: str | None = Field(default=None, max_length=1000)
