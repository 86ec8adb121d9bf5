"""Audit outputs."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class AuditEntryPublic(BaseModel):
    id: str
    occurred_at: datetime
    actor: str
    actor_name: str | None
    method: str
    path: str
    status: int
    request_id: str | None
    client_ip: str | None
    duration_ms: int


class AuditPage(BaseModel):
    items: list[AuditEntryPublic]
    total: int
    page: int
    page_size: int
