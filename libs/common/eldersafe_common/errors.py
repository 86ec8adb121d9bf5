"""Domain errors and their one translation into RFC 9457 problem+json.

Services raise :class:`NotFound`, :class:`Conflict`, :class:`Forbidden`, :class:`Invalid`; routers never
build error responses by hand. Every non-2xx answer a route can give is declared with
:func:`problem_responses` so that it appears in OpenAPI.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("eldersafe.errors")


class FieldError(BaseModel):
    """One rejected input: where it is and why."""

    field: str = Field(description="Dotted location of the input, e.g. body.uscc or query.page")
    reason: str
    row: int | None = Field(default=None, description="Spreadsheet row, for imports")
    column: str | None = Field(default=None, description="Spreadsheet column, for imports")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    code: str | None = Field(default=None, description="Stable machine-readable error code")
    reason: str | None = Field(default=None, description=(
        "Stable machine-readable sub-code, when one code covers several causes (e.g. reward_not_eligible)"))
    errors: list[FieldError] = Field(default_factory=list)


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, detail: str, *, code: str | None = None, errors: list[FieldError] | None = None,
                 headers: dict[str, str] | None = None, reason: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.code = code or self.code
        self.reason = reason
        self.errors = errors or []
        self.headers = headers or {}


class Invalid(DomainError):
    status = 422
    code = "invalid"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class TooLarge(DomainError):
    status = 413
    code = "too_large"


class UnsupportedMedia(DomainError):
    status = 415
    code = "unsupported_media_type"


class TooManyRequests(DomainError):
    status = 429
    code = "too_many_requests"


class Unavailable(DomainError):
    status = 503
    code = "unavailable"


def problem_response(
    status: int,
    *,
    detail: str | None = None,
    code: str | None = None,
    errors: list[FieldError] | None = None,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    reason: str | None = None,
) -> JSONResponse:
    """Build a problem+json response."""
    problem = Problem(
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        code=code,
        reason=reason,
        errors=errors or [],
        instance=instance,
    )
    return JSONResponse(
        problem.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM_JSON, headers=headers
    )


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


def install_error_handlers(app: FastAPI) -> None:
    """Turn domain, validation and HTTP errors into problem+json, and anything else into a logged 500."""

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer", **exc.headers} if exc.status == 401 else exc.headers or None
        return problem_response(
            exc.status, detail=exc.detail, code=exc.code, errors=exc.errors,
            instance=request.url.path, headers=headers, reason=exc.reason,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            FieldError(field=_location(err.get("loc", ())), reason=str(err.get("msg", "invalid")))
            for err in exc.errors()
        ]
        malformed = any(err.get("type") == "json_invalid" for err in exc.errors())
        status = 400 if malformed else 422
        return problem_response(
            status,
            detail="The request body is not valid JSON." if malformed else "The request has invalid fields.",
            code="malformed_json" if malformed else "validation_failed",
            errors=errors,
            instance=request.url.path,
        )

    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, exc: StaleDataError) -> JSONResponse:
        # An UPDATE guarded by ``version`` (db.optimistic) matched no row: someone else's edit committed
        # between our read and our write. The same answer as the services' own version check.
        log.info("stale version on %s %s: %s", request.method, request.url.path, exc)
        return problem_response(
            409, detail="The record was changed meanwhile; reload it.", code="version_conflict",
            instance=request.url.path,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Every problem carries a code the SPA can word in the user's language: unrouted paths and methods too.
        status = exc.status_code
        return problem_response(
            status,
            detail=str(exc.detail) if exc.detail else None,
            code="not_found" if status == 404 else "method_not_allowed" if status == 405 else "http_error",
            instance=request.url.path,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(500, detail="An unexpected error occurred.", code="internal_error",
                                instance=request.url.path)


_DESCRIPTIONS = {
    400: "Malformed request (for example invalid JSON)",
    401: "Missing, expired or invalid token",
    403: "The caller's role may not do this",
    404: "Not found, or outside the caller's area",
    409: "Conflicts with the current state",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Invalid fields",
    429: "Too many requests",
    503: "A service this depends on is unavailable",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries for the given error statuses, all problem+json."""
    return {
        status: {
            "model": Problem,
            "description": _DESCRIPTIONS.get(status, HTTPStatus(status).phrase),
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }
