"""Another service's app answering a ServiceClient in this process, on the test's own transaction."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient


class AppTransport(httpx.BaseTransport):
    """Hands a ServiceClient's requests to an app in this process, through Starlette's test client."""

    def __init__(self, client: TestClient):
        self.client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = self.client.request(request.method, request.url.raw_path.decode("ascii"),
                                     headers=dict(request.headers), content=request.read())
        headers = {k: v for k, v in answer.headers.items() if k.lower() not in ("content-encoding", "content-length")}
        return httpx.Response(answer.status_code, headers=headers, content=answer.content)
