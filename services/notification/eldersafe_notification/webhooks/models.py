"""Webhook subscriptions: who is told of which events, where, and with which signing secret."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Integer
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import NotificationBase

# The events a subscriber may follow (work plan 四.三: the city platform's view of the campaign).
EVENT_TYPES = (
    "facility.classified",
    "facility.status_changed",
    "supervision_order.issued",
    "supervision_order.closed",
    "hazard.assigned",
    "hazard.deadline_changed",
    "hazard.submitted",
    "hazard.accepted",
    "hazard.rejected",
    "hazard.signed_off",
    "hazard.reopened",
    "hazard.overdue",
)


class WebhookSubscription(NotificationBase, table=True):
    """One subscriber endpoint; disabled after repeated consecutive failures."""

    __tablename__ = "webhook_subscription"

    id: str = Field(primary_key=True, max_length=36)
    client_name: str = Field(max_length=100)
    # The account (principal subject) that created it: a city-platform client sees only its own.
    owner: str = Field(max_length=64, index=True)
    url: str = Field(max_length=300)
    # Stored as given: it signs every delivery, so it cannot be kept as a hash. Shown once, at creation.
    secret: str = Field(max_length=100)
    event_types: list[str] = Field(sa_column=Column(JSON, nullable=False))
    active: bool = Field(default=True)
    consecutive_failures: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    disabled_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
