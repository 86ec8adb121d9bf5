"""The FastAPI application every service starts from: errors, request ids, health, tidy OpenAPI."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from sqlalchemy import text
from sqlalchemy.engine import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import clock
from .errors import PROBLEM_JSON, Problem, install_error_handlers
from .http import REQUEST_ID_HEADER, request_id_var
from .problem_codes import PROBLEM_CODES, problem_codes, warm_up

log = logging.getLogger("eldersafe.app")


class RequestIdMiddleware:
    """Take the caller's X-Request-ID (or make one), expose it to logs and outgoing calls, echo it back."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = None
        for key, value in scope["headers"]:
            if key == b"x-request-id":
                candidate = value.decode("latin-1")
                if 0 < len(candidate) <= 64 and candidate.isprintable():
                    request_id = candidate
                break
        request_id = request_id or uuid.uuid4().hex
        token = request_id_var.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.lower().encode(), request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)


def create_service_app(
    *,
    name: str,
    title: str,
    version: str = "0.1.0",
    description: str = "",
    get_engine: Callable[[], Engine],
    lifespan: Any = None,
    health: bool = True,
    health_warnings: Callable[[], list[str]] | None = None,
) -> FastAPI:
    """Create a service app with problem+json errors, request ids, ``/healthz`` and a clean OpenAPI.

    ``health=False`` leaves ``/healthz`` to the caller (the gateway reports the services too);
    ``health_warnings`` adds what an operator should act on soon without the service being unhealthy.
    """
    app = FastAPI(
        title=title,
        version=version,
        description=description,
        lifespan=lifespan,
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    install_error_handlers(app)
    app.add_middleware(RequestIdMiddleware)
    # The OpenAPI document lists the service's problem codes, read from its source: read them now, in the
    # background, rather than on the first /openapi.json (the gateway merges four documents under a timeout).
    warm_up((f"eldersafe_{name}",))

    if health:

        @app.get("/healthz", include_in_schema=False)
        def healthz() -> dict[str, Any]:
            report: dict[str, Any] = {"service": name, "status": "ok", "database": "ok", "clock": clock.status()}
            try:
                with get_engine().connect() as conn:
                    conn.execute(text("SELECT 1"))
            except Exception:  # health reports, never raises
                log.exception("database check failed")
                return {**report, "status": "degraded", "database": "unreachable"}
            if health_warnings is not None:
                try:
                    report["warnings"] = health_warnings()
                except Exception:
                    log.exception("health warnings failed")
                    report["warnings"] = ["health warnings could not be read"]
            return report

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            app.openapi_schema = finalize_openapi(schema, problem_packages=(f"eldersafe_{name}",))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_JSON: {"schema": _PROBLEM_REF}}}


def finalize_openapi(schema: dict[str, Any], *, problem_packages: tuple[str, ...] = ()) -> dict[str, Any]:
    """Declare the problem+json answers every operation can give (400, 401, 422) in place of FastAPI's, and
    publish every ``code`` the service can answer (``x-problem-codes`` on the Problem schema)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components["Problem"][PROBLEM_CODES] = problem_codes(problem_packages)
    for name, sub in list(components["Problem"].pop("$defs", {}).items()):
        components.setdefault(name, sub)
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, response in list(responses.items()):
                content = response.get("content", {})
                if PROBLEM_JSON not in content and status.startswith(("4", "5")):
                    responses[status] = _problem(response.get("description", "Error"))
            if operation.get("parameters") or operation.get("requestBody"):
                responses["422"] = _problem("Invalid fields")
            if operation.get("requestBody"):
                responses.setdefault("400", _problem("Malformed request body"))
            if operation.get("security"):
                responses.setdefault("401", _problem("Missing, expired or invalid token"))
    return schema
