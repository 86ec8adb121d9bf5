"""Audit outputs."""

from __future__ import annotations

from pydantic import BaseModel

from ..accounts.schemas import UtcDatetime


class AuditEntryPublic(BaseModel):
    id: str
    occurred_at: UtcDatetime
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
