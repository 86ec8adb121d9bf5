"""One shared HTTP client per process for service-to-service calls, with explicit timeouts."""

from __future__ import annotations

import contextvars
from typing import Any

import httpx

from .errors import Unavailable

REQUEST_ID_HEADER = "X-Request-ID"
request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=2.0)
_LIMITS = httpx.Limits(max_connections=200, max_keepalive_connections=50)


class ServiceClient:
    """Calls another service by base URL, forwarding the caller's token and the request id."""

    def __init__(self, base_url: str, *, timeout: httpx.Timeout = DEFAULT_TIMEOUT,
                 transport: httpx.BaseTransport | None = None):
        self.base_url = base_url.rstrip("/")
        self._client = httpx.Client(base_url=self.base_url, timeout=timeout, limits=_LIMITS, transport=transport)

    def request(self, method: str, path: str, *, token: str | None = None, **kwargs: object) -> httpx.Response:
        headers = dict(kwargs.pop("headers", None) or {})  # type: ignore[call-overload]
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request_id = request_id_var.get()
        if request_id:
            headers[REQUEST_ID_HEADER] = request_id
        try:
            return self._client.request(method, path, headers=headers, **kwargs)  # type: ignore[arg-type]
        except httpx.TimeoutException as exc:
            raise Unavailable(f"{self.base_url} did not answer in time.", code="upstream_timeout") from exc
        except httpx.TransportError as exc:
            raise Unavailable(f"{self.base_url} is unavailable.", code="upstream_unavailable") from exc

    def close(self) -> None:
        self._client.close()


class AppTransport(httpx.BaseTransport):
    """Hands a ServiceClient's requests to another service's app in this same process (tests, and the demo
    story that plays the whole platform in one process), through Starlette's test client."""

    def __init__(self, client: Any):
        self.client = client  # a fastapi.testclient.TestClient around the app

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = self.client.request(request.method, request.url.raw_path.decode("ascii"),
                                     headers=dict(request.headers), content=request.read())
        headers = {k: v for k, v in answer.headers.items() if k.lower() not in ("content-encoding", "content-length")}
        return httpx.Response(answer.status_code, headers=headers, content=answer.content)
