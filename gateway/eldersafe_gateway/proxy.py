"""The reverse proxy to the services, as a raw ASGI handler.

It runs before FastAPI routing and never parses bodies: request and response bodies stream through
unchanged, which keeps most of a service's throughput (a FastAPI route plus httpx keeps about a fifth).
It talks to the services through :mod:`.upstream_client`, a lean keep-alive HTTP/1.1 client, because
httpx (and httpcore beneath it) costs more per request than the forwarding itself. Rules kept:
hop-by-hop headers stripped both ways, X-Request-ID taken or made and propagated, X-Forwarded-* set,
a service that is down answers 503 and a slow one 504, both as problem+json.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

from starlette.types import Message, Receive, Scope, Send

from .routes import service_for
from .upstream_client import UpstreamClient, UpstreamError, UpstreamTimeout, UpstreamUnavailable

log = logging.getLogger("eldersafe.gateway.proxy")

HOP_BY_HOP = frozenset(
    {b"connection", b"keep-alive", b"te", b"trailer", b"transfer-encoding", b"upgrade", b"proxy-connection",
     b"proxy-authenticate", b"proxy-authorization"}
)
# Set by this hop, so whatever the caller sent for them is replaced.
_REPLACED = frozenset({b"host", b"x-request-id", b"x-forwarded-for", b"x-forwarded-proto", b"x-forwarded-host"})
_SKIP_RESPONSE = HOP_BY_HOP | {b"x-request-id"}
_PROBLEM_HEADERS = [(b"content-type", b"application/problem+json")]


class ClientGone(Exception):
    """The caller disconnected while its request body was being forwarded."""


class Upstream:
    __slots__ = ("host", "host_header", "name", "port", "tls")

    def __init__(self, name: str, base_url: str):
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"service {name}: base URL {base_url!r} is not an http(s) URL")
        self.name = name
        self.tls = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.host_header = parts.netloc.encode()


def valid_request_id(value: bytes) -> str | None:
    """The caller's request id if it is short and printable (the same rule as the services apply)."""
    candidate = value.decode("latin-1")
    return candidate if 0 < len(candidate) <= 64 and candidate.isprintable() else None


def problem_body(status: int, title: str, detail: str, code: str, instance: str) -> bytes:
    return json.dumps(
        {"type": "about:blank", "title": title, "status": status, "detail": detail, "code": code,
         "instance": instance, "errors": []},
        ensure_ascii=False,
    ).encode()


class ServiceProxy:
    """Forwards ``/api/<service>/…``, the open API and Open311 to the service that owns the path."""

    def __init__(self, services: dict[str, str], *, connect_timeout: float, read_timeout: float,
                 pool_timeout: float, max_connections: int):
        self.upstreams = {name: Upstream(name, url) for name, url in services.items()}
        self._options = {"limit": max_connections, "connect_timeout": connect_timeout,
                         "read_timeout": read_timeout, "pool_timeout": pool_timeout}
        self._client: UpstreamClient | None = None

    async def start(self) -> None:
        """One keep-alive pool per service and process, shared by every proxied request."""
        self._client = UpstreamClient(**self._options)  # type: ignore[arg-type]

    async def aclose(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def match(self, path: str) -> Upstream | None:
        """The upstream for ``/api/<name>[/…]``, the open API or Open311 (see routes.py), else None."""
        if not path.startswith("/api/"):
            return self.upstreams.get(service_for(path) or "") if path.startswith("/open311") else None
        end = path.find("/", 5)
        name = path[5:] if end < 0 else path[5:end]
        if name == "open":
            service = service_for(path)
            return self.upstreams[service] if service else None
        return self.upstreams.get(name)

    async def handle(self, upstream: Upstream, scope: Scope, receive: Receive, send: Send, *,
                     forward_client: bool = True) -> None:
        """Forward one request; ``forward_client=False`` (public paths) adds no X-Forwarded-For."""
        request_id: str | None = None
        forwarded_for = b""
        original_host = b""
        has_body = chunked = False
        connection_tokens: list[bytes] = []
        headers: list[tuple[bytes, bytes]] = []
        for key, value in scope["headers"]:
            if key in HOP_BY_HOP or key.startswith(b"proxy-"):
                if key == b"transfer-encoding":
                    chunked = True
                elif key == b"connection":
                    connection_tokens.extend(t.strip().lower() for t in value.split(b","))
            elif key in _REPLACED:
                if key == b"x-request-id":
                    request_id = valid_request_id(value)
                elif key == b"x-forwarded-for":
                    forwarded_for = value + b", "
                elif key == b"host":
                    original_host = value
            else:
                if key == b"content-length" and value != b"0":
                    has_body = True
                headers.append((key, value))
        if connection_tokens:  # headers the caller marked as hop-by-hop for this connection
            headers = [(k, v) for k, v in headers if k not in connection_tokens]
        request_id = request_id or uuid.uuid4().hex
        rid = request_id.encode()
        client = scope.get("client")
        headers.append((b"host", upstream.host_header))
        headers.append((b"x-request-id", rid))
        if forward_client:
            headers.append((b"x-forwarded-for", forwarded_for + (client[0].encode() if client else b"unknown")))
        headers.append((b"x-forwarded-proto", scope.get("scheme", "http").encode()))
        if original_host:
            headers.append((b"x-forwarded-host", original_host))
        if chunked:  # length unknown: this hop streams it chunked to the service
            headers.append((b"transfer-encoding", b"chunked"))
        query = scope.get("query_string")
        target = scope.get("raw_path") or scope["path"].encode()
        if query:
            target = target + b"?" + query
        assert self._client is not None, "proxy used outside the app's lifespan"
        pool = self._client.pool(upstream.host, upstream.port, tls=upstream.tls)
        try:
            response = await pool.request(scope["method"], target, headers,
                                          _body(receive) if has_body or chunked else None, chunked=chunked)
        except ClientGone:
            return
        except UpstreamUnavailable as exc:
            log.warning("%s unavailable for %s: %r", upstream.name, scope["path"], exc)
            await _problem(send, 503, "Service Unavailable", f"The {upstream.name} service is unavailable.",
                           "upstream_unavailable", scope["path"], rid)
            return
        except UpstreamTimeout as exc:
            log.warning("%s timed out for %s: %r", upstream.name, scope["path"], exc)
            await _problem(send, 504, "Gateway Timeout", f"The {upstream.name} service did not answer in time.",
                           "upstream_timeout", scope["path"], rid)
            return
        except UpstreamError as exc:
            log.warning("%s failed for %s: %r", upstream.name, scope["path"], exc)
            await _problem(send, 502, "Bad Gateway", f"The {upstream.name} service gave no valid answer.",
                           "upstream_failed", scope["path"], rid)
            return
        try:
            out = [(k, v) for k, v in response.headers if k not in _SKIP_RESPONSE]
            out.append((b"x-request-id", rid))
            await send({"type": "http.response.start", "status": response.status, "headers": out})
            # Hold one chunk back so the last one carries more_body=False: one send fewer per response.
            pending: bytes | None = None
            async for chunk in response.body():
                if pending is not None:
                    await send({"type": "http.response.body", "body": pending, "more_body": True})
                pending = chunk
            await send({"type": "http.response.body", "body": pending or b"", "more_body": False})
        except UpstreamError as exc:
            # The head is already sent: all that is left is to cut the connection so the caller sees it.
            log.warning("%s broke off %s: %r", upstream.name, scope["path"], exc)
            raise
        finally:
            response.release()


async def _body(receive: Receive) -> AsyncIterator[bytes]:
    while True:
        message: Message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        body = message.get("body", b"")
        if body:
            yield body
        if not message.get("more_body", False):
            return


async def _problem(send: Send, status: int, title: str, detail: str, code: str, instance: str, rid: bytes) -> None:
    body = problem_body(status, title, detail, code, instance)
    headers = [*_PROBLEM_HEADERS, (b"content-length", str(len(body)).encode()), (b"x-request-id", rid)]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})
