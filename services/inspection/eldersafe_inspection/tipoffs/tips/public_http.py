"""The route class of every public (no-login) path: privacy headers on every answer, and a capped body.

Errors are rendered here with the application's own problem+json handlers so that they carry the headers too:
a refusal of a tip is as private as its receipt. The Open311 routes use the same class.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, cast

from fastapi import Request, Response
from fastapi.routing import APIRoute

from eldersafe_common.errors import TooLarge
from eldersafe_common.uploads import call_capped

from .images import MAX_PHOTO_BYTES, MAX_PHOTOS

PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
# Five photos at their cap, the text fields and the multipart envelope.
BODY_LIMIT = MAX_PHOTOS * MAX_PHOTO_BYTES + 256 * 1024


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
                response = await call_capped(handler, request, limit=BODY_LIMIT, too_large=_too_large)
            except Exception as exc:
                # Rendered by the application's own handlers, so that the headers below reach errors too.
                response = await _render(request, exc)
            response.headers.update(PRIVATE_HEADERS)
            return response

        return private
