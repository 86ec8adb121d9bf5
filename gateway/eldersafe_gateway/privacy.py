"""What the gateway does so that a tip-off cannot be traced back to the reporter.

On the public paths (routes.PUBLIC_PREFIXES) the headers that identify a caller or where they came from
are dropped before the request is forwarded (and no X-Forwarded-For is added); the scope the rest of
the gateway sees has no client address, so neither the audit trail nor any log can record one; and
responses tell browsers and caches to keep nothing. The access log of the server running the gateway
(uvicorn, when it is on) is scrubbed for these paths and the tip page too.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.types import Message, Scope, Send

from . import routes

STRIPPED = frozenset({b"x-forwarded-for", b"x-real-ip", b"forwarded", b"user-agent", b"referer", b"cookie"})
RESPONSE_HEADERS = ((b"cache-control", b"no-store"), (b"referrer-policy", b"no-referrer"))


def public_scope(scope: Scope) -> Scope:
    """A copy of ``scope`` without the identifying headers and without the client address."""
    headers = [(key, value) for key, value in scope["headers"] if key not in STRIPPED]
    return {**scope, "headers": headers, "client": None}


def private_send(send: Send) -> Send:
    """``send`` that adds no-store and no-referrer to the response unless the service set them."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", ()))
            present = {key.lower() for key, _ in headers}
            headers.extend(item for item in RESPONSE_HEADERS if item[0] not in present)
            message = {**message, "headers": headers}
        await send(message)

    return wrapped


class AccessLogScrubber(logging.Filter):
    """Replaces the client address in uvicorn's access log lines for public paths with ``-``.

    uvicorn logs ``(client_addr, method, full_path, http_version, status_code)``; the query string is
    part of the path but carries nothing identifying on these paths (receipts travel in bodies).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args: Any = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            path = args[2].split("?", 1)[0]
            if routes.is_public(path) or routes.is_tip_page(path):
                record.args = ("-", *args[1:])
        return True


def scrub_access_log() -> None:
    """Install the scrubber on uvicorn's access logger once per process."""
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(existing, AccessLogScrubber) for existing in logger.filters):
        logger.addFilter(AccessLogScrubber())
