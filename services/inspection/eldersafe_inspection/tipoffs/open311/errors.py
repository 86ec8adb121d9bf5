"""Errors on /open311/ paths in the specification's own format, not problem+json.

GeoReport v2 clients expect ``[{"code": 400, "description": "…"}]`` (``<errors><error>…`` in XML) with the
HTTP status as the code. The rest of the service keeps problem+json, so the translation is scoped to these
routes by their route class (:class:`Open311Route`) rather than installed on the app: domain errors, request
validation, and refused tokens raised by anything the route runs are rendered here, in the format the path asks
for. The router's last route catches unknown paths under /open311/ the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from eldersafe_common.errors import DomainError, FieldError, Invalid, Unauthorized

from .formats import JSON_TYPE, XML_TYPE, format_of, render_errors

log = logging.getLogger("eldersafe.inspection.open311")

# Our field names (the intake's and the validators') as an Open311 client knows them.
FIELD_NAMES = {
    "category": "service_code", "description": "description", "facility_id": "address_id",
    "location": "address_string", "latitude": "lat", "longitude": "long", "contact": "email",
    "contact_consent": "attribute[contact_consent]",
}


class Open311Error(Exception):
    """An answer in the Open311 error format: the HTTP status and one description per problem."""

    def __init__(self, status: int, *descriptions: str, headers: dict[str, str] | None = None):
        super().__init__("; ".join(descriptions))
        self.status = status
        self.descriptions = list(descriptions) or ["error"]
        self.headers = headers or {}


def not_found(description: str) -> Open311Error:
    return Open311Error(404, description)


def bad_request(*descriptions: str) -> Open311Error:
    return Open311Error(400, *descriptions)


def field_name(location: str | Sequence[Any]) -> str:
    """``body.latitude`` / ``("body", "lat")`` → the Open311 parameter (``lat``)."""
    parts = [str(part) for part in (location.split(".") if isinstance(location, str) else location)]
    if parts and parts[0] in ("body", "query", "path", "form"):
        parts = parts[1:]
    name = parts[0] if parts else "request"
    return FIELD_NAMES.get(name, name)


def _field_descriptions(errors: Sequence[FieldError], fallback: str) -> list[str]:
    return [f"{field_name(error.field)}: {error.reason}" for error in errors] or [fallback]


def translate(exc: Exception) -> Open311Error | None:
    """The Open311 form of an error raised on an Open311 route, or None for a bug (a logged 500)."""
    if isinstance(exc, Open311Error):
        return exc
    if isinstance(exc, Unauthorized):
        # The specification answers every refused api_key with 403, whatever was wrong with it.
        return Open311Error(403, f"api_key is invalid: {exc.detail}")
    if isinstance(exc, Invalid):
        return Open311Error(400, *_field_descriptions(exc.errors, exc.detail))
    if isinstance(exc, DomainError):
        status = exc.status if exc.status in (403, 404, 413, 429) else 400
        return Open311Error(status, *_field_descriptions(exc.errors, exc.detail), headers=exc.headers)
    if isinstance(exc, RequestValidationError):
        if any(tuple(err.get("loc", ()))[-1:] == ("fmt",) for err in exc.errors()):
            return Open311Error(404, "The format must be json or xml.")
        return Open311Error(400, *[f"{field_name(err.get('loc', ()))}: {err.get('msg', 'invalid')}"
                                   for err in exc.errors()] or ["the request is invalid"])
    if isinstance(exc, StarletteHTTPException):
        return Open311Error(exc.status_code, str(exc.detail) if exc.detail else "error",
                            headers=dict(exc.headers or {}))
    return None


def open311_response(request: Request, exc: Exception) -> Response:
    """Render ``exc`` for the Open311 client that sent ``request`` (XML when the path ends in .xml)."""
    error = translate(exc)
    if error is None:
        log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        error = Open311Error(500, "An unexpected error occurred.")
    return render_errors(error.status, error.descriptions, format_of(request.url.path), error.headers)


class Open311Route(APIRoute):
    """A route whose errors answer in the Open311 format instead of problem+json."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:  # every failure of an Open311 route answers in its format
                return open311_response(request, exc)

        return handle


def _error_schema() -> dict[str, Any]:
    return {"type": "array", "items": {"type": "object", "required": ["code", "description"], "properties": {
        "code": {"type": "integer", "description": "The HTTP status"},
        "description": {"type": "string"}}}}


_DESCRIPTIONS = {
    400: "Invalid or missing parameter (Open311 error list)",
    403: "api_key missing, invalid, expired or without the scope (Open311 error list)",
    404: "Unknown service_code, service_request_id, token or jurisdiction_id (Open311 error list)",
    405: "Method not allowed (Open311 error list)",
    429: "Too many requests (Open311 error list)",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` for Open311 errors: the error list in JSON, or ``<errors>`` in XML.

    The problem+json entry is declared too, only so that the shared OpenAPI finishing step (which rewrites any
    error answer lacking it) leaves these declarations as they are; these routes never send it.
    """
    return {
        status: {
            "description": _DESCRIPTIONS.get(status, "Open311 error list"),
            "content": {
                JSON_TYPE.split(";")[0]: {"schema": _error_schema()},
                XML_TYPE.split(";")[0]: {"schema": {"type": "string"}},
                "application/problem+json": {"schema": _error_schema()},
            },
        }
        for status in statuses
    }
