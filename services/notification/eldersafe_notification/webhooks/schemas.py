"""Webhook subscription inputs and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from eldersafe_common.validation import StrictModel, at_most

EventTypeName = Literal[
    "facility.classified", "facility.status_changed", "supervision_order.issued", "supervision_order.closed",
    "hazard.assigned", "hazard.deadline_changed", "hazard.submitted", "hazard.accepted", "hazard.rejected",
    "hazard.signed_off", "hazard.reopened", "hazard.overdue",
]
ClientName = Annotated[str, StringConstraints(min_length=1, max_length=100, strip_whitespace=True), at_most(100)]
Url = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True), at_most(300)]


class WebhookCreate(StrictModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "client_name": "市级平台", "url": "https://city-platform.example.gov.cn/eldersafe/events",
        "event_types": ["facility.classified", "facility.status_changed", "supervision_order.issued",
                        "hazard.signed_off"]}]})

    client_name: ClientName
    url: Url = Field(description="http(s); private, loopback and link-local addresses are refused unless the "
                                 "service allows them")
    event_types: Annotated[list[EventTypeName], Field(min_length=1, max_length=12)]

    @field_validator("event_types")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("each event type once")
        return value


class WebhookPublic(BaseModel):
    id: str
    client_name: str
    owner: str
    url: str
    event_types: list[str]
    active: bool
    consecutive_failures: int
    disabled_at: datetime | None
    created_at: datetime


class WebhookCreated(WebhookPublic):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "6f1c2a7e-3b1d-4c55-9a0e-2d8f4b7c9e10", "client_name": "市级平台", "owner": "city-platform-demo",
        "url": "https://city-platform.example.gov.cn/eldersafe/events",
        "event_types": ["facility.classified", "facility.status_changed"], "active": True,
        "consecutive_failures": 0, "disabled_at": None, "created_at": "2026-11-30T09:00:00+08:00",
        "secret": "k3Jq…(shown once)"}]})

    secret: str = Field(description="Signs every delivery: X-ElderSafe-Signature = sha256=<hex HMAC-SHA256("
                                    "secret, '<X-ElderSafe-Timestamp>.<body>')>. Shown only in this answer.")


class WebhookPage(BaseModel):
    items: list[WebhookPublic]
    total: int
    page: int
    page_size: int


class PingQueued(BaseModel):
    delivery_id: str = Field(description="The ping's X-ElderSafe-Delivery; the worker sends it within seconds")
    status: str
