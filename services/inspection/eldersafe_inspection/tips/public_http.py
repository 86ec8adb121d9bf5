"""The route class of every public (no-login) path: privacy headers on every answer, and a capped body.

Errors are rendered here with the application's own problem+json handlers so that they carry the headers too:
a refusal of a tip is as private as its receipt. The Open311 routes use the same class.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, cast

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.types import Message, Receive

from eldersafe_common.errors import TooLarge

from .images import MAX_PHOTO_BYTES, MAX_PHOTOS

PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
# Five photos at their cap, the text fields and the multipart envelope.
BODY_LIMIT = MAX_PHOTOS * MAX_PHOTO_BYTES + 256 * 1024


class _BodyTooLarge(Exception):
    pass


def _capped(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _BodyTooLarge
        return message

    return wrapped


def _too_large() -> TooLarge:
    return TooLarge(f"A tip may carry at most {MAX_PHOTOS} photos of {MAX_PHOTO_BYTES // (1024 * 1024)} MB.",
                    code="tip_too_large")


async def _render(request: Request, exc: Exception) -> Response:
    handlers = request.app.exception_handlers
    for kind in type(exc).__mro__:
        if kind in handlers:
            handler = cast(Callable[[Request, Exception], Awaitable[Response]], handlers[kind])
            return await handler(request, exc)
    raise exc


class PublicRoute(APIRoute):
    """Adds ``Cache-Control: no-store`` and ``Referrer-Policy: no-referrer`` to every answer, errors included,
    and refuses a body beyond ``BODY_LIMIT`` while it arrives (413)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def private(request: Request) -> Response:
            try:
                declared = request.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > BODY_LIMIT:
                    raise _too_large()
                try:
                    response = await handler(Request(request.scope, _capped(request.receive, BODY_LIMIT)))
                except _BodyTooLarge:
                    raise _too_large() from None
                except Exception as exc:
                    # FastAPI reports a failure while parsing the form as a 400; ours is a 413.
                    if isinstance(exc.__cause__, _BodyTooLarge):
                        raise _too_large() from None
                    raise
            except Exception as exc:
                # Rendered by the application's own handlers, so that the headers below reach errors too.
                response = await _render(request, exc)
            response.headers.update(PRIVATE_HEADERS)
            return response

        return private
