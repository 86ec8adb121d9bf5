"""Request bodies refused while they arrive: an upload beyond its limit answers 413 before FastAPI spools the
form to disk, whether the client declared its length or streams it chunked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.types import Message, Receive

from .errors import TooLarge


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


async def call_capped(handler: Callable[[Request], Awaitable[Response]], request: Request, *, limit: int,
                      too_large: Callable[[], TooLarge]) -> Response:
    """Run ``handler`` on ``request`` with its body held to ``limit`` bytes; beyond it, raise ``too_large()``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large()
    try:
        return await handler(Request(request.scope, _capped(request.receive, limit)))
    except _BodyTooLarge:
        raise too_large() from None
    except Exception as exc:
        # FastAPI reports any failure while parsing the form as a 400; a body over the limit is a 413.
        if isinstance(exc.__cause__, _BodyTooLarge):
            raise too_large() from None
        raise


def capped_body_route(limit: int, too_large: Callable[[], TooLarge]) -> type[APIRoute]:
    """A route class refusing request bodies beyond ``limit`` bytes with ``too_large()`` (413 problem+json)."""

    class CappedBodyRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def capped(request: Request) -> Response:
                return await call_capped(handler, request, limit=limit, too_large=too_large)

            return capped

    return CappedBodyRoute
