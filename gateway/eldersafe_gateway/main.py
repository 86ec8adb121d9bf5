"""The gateway's web process: an outer ASGI app that proxies service paths and audits writes, around
the FastAPI app for the gateway's own endpoints.

Run: ``uvicorn eldersafe_gateway.main:app --port 8000``.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eldersafe_common import clock
from eldersafe_common.app import create_service_app
from eldersafe_common.http import ServiceClient

from . import health, privacy, routes, spa
from .accounts.router import router as accounts_router
from .audit.recorder import AuditEvent, AuditRecorder, Sink, write_to_database
from .audit.router import router as audit_router
from .auth.router import router as auth_router
from .clients import Client, ClientRecognizer
from .deps import get_engine
from .openapi import OpenApiCache, merge_openapi
from .proxy import ServiceProxy, problem_body, valid_request_id
from .ratelimit import PublicLimits, TokenBuckets, caller_address
from .settings import GatewaySettings, get_settings

READS = frozenset({"GET", "HEAD", "OPTIONS"})


class GatewayApp:
    """Dispatches before FastAPI routing: proxied paths never touch FastAPI, reads are never wrapped.

    Two kinds of request take a longer way (``_guarded``): those on the public tip-off paths (stripped of
    what identifies the caller, limited per address) and those of city-platform clients (limited per
    client, every call audited).
    """

    def __init__(self, api: FastAPI, proxy: ServiceProxy, recorder: AuditRecorder,
                 settings: GatewaySettings | None = None):
        self.api = api
        self.proxy = proxy
        self.recorder = recorder
        settings = settings or get_settings()
        self.public_limits = PublicLimits(settings)
        self.clients = ClientRecognizer(settings)
        self.client_limits = TokenBuckets(per_minute=settings.client_rate_per_minute, burst=settings.client_burst,
                                          max_keys=settings.rate_limit_table_size)
        self.trusted_proxies = settings.trusted_proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.api(scope, receive, send)
            return
        path = scope["path"]
        upstream = self.proxy.match(path)
        client = self.clients.recognize(scope["headers"])
        if client is not None or routes.is_public(path):
            await self._guarded(upstream, client, scope, receive, send)
            return
        if scope["method"] in READS:
            if upstream is not None:
                await self.proxy.handle(upstream, scope, receive, send)
            else:
                await self.api(scope, receive, send)
            return
        await self._audited(upstream, scope, receive, send, client_ip=self._address(scope))

    def _address(self, scope: Scope) -> str | None:
        return caller_address(scope, self.trusted_proxies) if self.trusted_proxies else (
            scope["client"][0] if scope.get("client") else None)

    async def _guarded(self, upstream: Any, client: Client | None, scope: Scope, receive: Receive,
                       send: Send) -> None:
        public = routes.is_public(scope["path"])
        retry_after = None
        if public:
            retry_after = self.public_limits.take(scope)  # the address is used here and then forgotten
            scope = privacy.public_scope(scope)
            send = privacy.private_send(send)
        if client is not None and retry_after is None:
            retry_after = self.client_limits.take(client.subject)
        if client is None and scope["method"] in READS:
            await self._dispatch(upstream, scope, receive, send, retry_after, forward_client=not public)
            return
        await self._audited(upstream, scope, receive, send, client_ip=None if public else self._address(scope),
                            client=client, retry_after=retry_after, forward_client=not public)

    async def _dispatch(self, upstream: Any, scope: Scope, receive: Receive, send: Send,
                        retry_after: float | None, *, forward_client: bool = True) -> None:
        if retry_after is not None:
            await too_many_requests(send, retry_after, scope)
        elif upstream is not None:
            await self.proxy.handle(upstream, scope, receive, send, forward_client=forward_client)
        else:
            await self.api(scope, receive, send)

    async def _audited(self, upstream: Any, scope: Scope, receive: Receive, send: Send, *, client_ip: str | None,
                       client: Client | None = None, retry_after: float | None = None,
                       forward_client: bool = True) -> None:
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
            await self._dispatch(upstream, scope, receive, capture, retry_after, forward_client=forward_client)
        finally:
            authorization = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"), None)
            self.recorder.record(AuditEvent(
                occurred_at=clock.now(), method=scope["method"], path=scope["path"],
                status=outcome["status"], duration_ms=int((time.perf_counter() - started) * 1000),
                request_id=outcome["request_id"], client_ip=client_ip,
                authorization=None if client else authorization,
                actor=client.subject if client else state.get("audit_actor"),
                actor_name=client.name if client else state.get("audit_actor_name"),
            ))


async def too_many_requests(send: Send, retry_after: float, scope: Scope) -> None:
    """429 as problem+json, with Retry-After in whole seconds (at least 1)."""
    seconds = max(1, math.ceil(retry_after))
    body = problem_body(429, "Too Many Requests", f"Too many requests; retry in {seconds} s.",
                        "rate_limited", scope["path"])
    given = next((valid_request_id(v) for k, v in scope["headers"] if k == b"x-request-id"), None)
    await send({"type": "http.response.start", "status": 429, "headers": [
        (b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(seconds).encode()), (b"x-request-id", (given or uuid.uuid4().hex).encode()),
    ]})
    await send({"type": "http.response.body", "body": body, "more_body": False})


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
            app.state.registry.close()
            await proxy.aclose()

    api = create_service_app(
        name="gateway", title="ElderSafe API", lifespan=lifespan, get_engine=get_engine,
        description="Accounts and tokens, the audit trail, and (merged) every service's API.",
        health=False,  # the gateway's /healthz reports every service, not only its database
    )
    api.state.settings = settings
    api.state.registry = ServiceClient(settings.registry_url)  # sync: account routes run in the thread pool
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
    privacy.scrub_access_log()
    return GatewayApp(api, proxy, recorder, settings)


app: ASGIApp = create_app()
