"""Inbox and delivery-log answers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

Status = Literal["pending", "held", "sending", "sent", "failed", "undeliverable"]
Channel = Literal["sms", "email", "inbox", "webhook"]


class InboxItemPublic(BaseModel):
    id: str
    rule_key: str
    subject: str
    stage: str
    title: str
    body: str
    link: str | None = Field(description="The SPA path of the record this is about")
    major: bool
    created_at: datetime
    read_at: datetime | None


class InboxPage(BaseModel):
    items: list[InboxItemPublic]
    total: int
    page: int
    page_size: int


class UnreadCount(BaseModel):
    unread: int


class ReadAll(BaseModel):
    marked: int = Field(description="How many items were unread and are now read")


class AttemptPublic(BaseModel):
    at: datetime
    outcome: str = Field(description="sent, failed, held, undeliverable, expired (a worker stopped mid-send) "
                                     "or requeued (a manual retry)")
    detail: str | None


class DeliveryPublic(BaseModel):
    id: str
    rule_key: str
    subject: str
    stage: str
    recipient: str
    recipient_name: str | None
    channel: Channel
    address: str | None
    major: bool
    area_code: str | None
    title: str
    status: Status
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


class DeliveryDetail(DeliveryPublic):
    body: str
    link: str | None
    history: list[AttemptPublic]


class DeliveryPage(BaseModel):
    items: list[DeliveryPublic]
    total: int
    page: int
    page_size: int
