"""The gateway's web process: an outer ASGI app that proxies service paths and audits writes, around
the FastAPI app for the gateway's own endpoints.

Run: ``uvicorn eldersafe_gateway.main:app --port 8000``.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eldersafe_common.app import create_service_app

from . import health, spa
from .accounts.router import router as accounts_router
from .audit.recorder import AuditEvent, AuditRecorder, Sink, write_to_database
from .audit.router import router as audit_router
from .auth.router import router as auth_router
from .deps import get_engine
from .openapi import OpenApiCache, merge_openapi
from .proxy import ServiceProxy
from .settings import GatewaySettings, get_settings

READS = frozenset({"GET", "HEAD", "OPTIONS"})


class GatewayApp:
    """Dispatches before FastAPI routing: proxied paths never touch FastAPI, reads are never wrapped."""

    def __init__(self, api: FastAPI, proxy: ServiceProxy, recorder: AuditRecorder):
        self.api = api
        self.proxy = proxy
        self.recorder = recorder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.api(scope, receive, send)
            return
        upstream = self.proxy.match(scope["path"])
        if scope["method"] in READS:
            if upstream is not None:
                await self.proxy.handle(upstream, scope, receive, send)
            else:
                await self.api(scope, receive, send)
            return
        await self._audited(upstream, scope, receive, send)

    async def _audited(self, upstream: Any, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        outcome: dict[str, Any] = {"status": 500, "request_id": None}
        state = scope.setdefault("state", {})

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                outcome["status"] = message["status"]
                for key, value in message.get("headers", ()):
                    if key == b"x-request-id":
                        outcome["request_id"] = value.decode("latin-1")
            await send(message)

        try:
            if upstream is not None:
                await self.proxy.handle(upstream, scope, receive, capture)
            else:
                await self.api(scope, receive, capture)
        finally:
            authorization = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"), None)
            client = scope.get("client")
            self.recorder.record(AuditEvent(
                occurred_at=datetime.now(UTC), method=scope["method"], path=scope["path"],
                status=outcome["status"], duration_ms=int((time.perf_counter() - started) * 1000),
                request_id=outcome["request_id"], client_ip=client[0] if client else None,
                authorization=authorization, actor=state.get("audit_actor"),
                actor_name=state.get("audit_actor_name"),
            ))


def create_app(settings: GatewaySettings | None = None, *, audit_sink: Sink = write_to_database) -> GatewayApp:
    """Build the gateway; tests pass their own settings (service URLs) and audit sink."""
    settings = settings or get_settings()
    proxy = ServiceProxy(
        settings.services, connect_timeout=settings.proxy_connect_timeout,
        read_timeout=settings.proxy_read_timeout, pool_timeout=settings.proxy_pool_timeout,
        max_connections=settings.proxy_max_connections,
    )
    recorder = AuditRecorder(audit_sink)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await proxy.start()
        app.state.http = httpx.AsyncClient(
            timeout=httpx.Timeout(10.0, connect=settings.proxy_connect_timeout),
            limits=httpx.Limits(max_connections=50, max_keepalive_connections=10),
        )
        await recorder.start(queue_size=settings.audit_queue_size, batch_size=settings.audit_batch_size)
        try:
            yield
        finally:
            await recorder.stop()
            await app.state.http.aclose()
            await proxy.aclose()

    api = create_service_app(
        name="gateway", title="ElderSafe API", lifespan=lifespan, get_engine=get_engine,
        description="Accounts and tokens, the audit trail, and (merged) every service's API.",
        health=False,  # the gateway's /healthz reports every service, not only its database
    )
    api.state.settings = settings
    api.state.openapi_cache = OpenApiCache(settings.services, ttl=settings.openapi_cache_seconds)
    @api.get("/api/openapi.json", include_in_schema=False)
    async def merged_openapi(request: Request) -> JSONResponse:
        documents = await api.state.openapi_cache.documents(request.app.state.http)
        return JSONResponse(merge_openapi(api.openapi(), documents))

    @api.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/api/openapi.json", title="ElderSafe API")

    api.include_router(auth_router)
    api.include_router(accounts_router)
    api.include_router(audit_router)
    api.include_router(health.router)
    api.include_router(spa.router)  # last: its catch-all must not shadow anything
    return GatewayApp(api, proxy, recorder)


app: ASGIApp = create_app()
