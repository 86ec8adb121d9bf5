"""Aggregated health: the gateway's database and each service's own ``/healthz``."""

from __future__ import annotations

import asyncio
import logging
from typing import Literal

import httpx
from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy import text

from eldersafe_common import clock

from .deps import get_engine

log = logging.getLogger("eldersafe.gateway.health")
router = APIRouter(tags=["health"])

State = Literal["ok", "degraded", "unreachable"]


class ServiceHealth(BaseModel):
    status: State
    url: str
    detail: str | None = None


class ClockStatus(BaseModel):
    """The business clock: zero offset in production; moved ahead in a development demo (``make advance``)."""

    now: str
    offset_days: float
    offset_seconds: int
    moved: bool


class GatewayHealth(BaseModel):
    service: Literal["gateway"] = "gateway"
    status: Literal["ok", "degraded"]
    database: Literal["ok", "unreachable"]
    services: dict[str, ServiceHealth]
    clock: ClockStatus


def _database_ok() -> bool:
    try:
        # readonly: a plain BEGIN, so that a health probe never queues for SQLite's write lock
        with get_engine().execution_options(readonly=True).connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:  # health reports, never raises
        log.exception("database check failed")
        return False
    return True


async def _service(client: httpx.AsyncClient, base_url: str, timeout: float) -> ServiceHealth:
    try:
        response = await client.get(f"{base_url}/healthz", timeout=timeout)
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        return ServiceHealth(status="unreachable", url=base_url, detail=type(exc).__name__)
    ok = response.status_code == 200 and isinstance(body, dict) and body.get("status") == "ok"
    return ServiceHealth(status="ok" if ok else "degraded", url=base_url,
                         detail=None if ok else f"HTTP {response.status_code}")


@router.get("/healthz", response_model=GatewayHealth)
async def healthz(request: Request) -> GatewayHealth:
    """The gateway and every service: always 200, with ``status`` ok or degraded."""
    settings = request.app.state.settings
    client: httpx.AsyncClient = request.app.state.http
    services = settings.services
    database_ok, *results = await asyncio.gather(
        asyncio.to_thread(_database_ok),
        *(_service(client, url, settings.health_timeout) for url in services.values()),
    )
    reports = dict(zip(services, results, strict=True))
    healthy = database_ok and all(r.status == "ok" for r in reports.values())
    return GatewayHealth(status="ok" if healthy else "degraded", database="ok" if database_ok else "unreachable",
                         services=reports, clock=ClockStatus.model_validate(clock.status()))


@router.get("/api/clock", response_model=ClockStatus)
def business_clock() -> ClockStatus:
    """The platform's business time in China and how far it was moved (the SPA shows 模拟时间 when moved)."""
    return ClockStatus.model_validate(clock.status())
