"""A small real service for proxy tests, served by uvicorn in a thread on a free loopback port."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel

from eldersafe_common.app import finalize_openapi
from eldersafe_common.errors import problem_responses


class AccountPublic(BaseModel):
    """Deliberately clashes with the gateway's schema of the same name."""

    registry_only: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_upstream(service: str = "registry") -> FastAPI:
    app = FastAPI(title=f"fake {service}", openapi_url=None, docs_url=None, redoc_url=None)
    prefix = f"/api/{service}"

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"service": service, "status": "ok", "database": "ok"}

    @app.get(f"{prefix}/accounts-clash", response_model=AccountPublic, responses=problem_responses(404))
    def clash() -> AccountPublic:
        return AccountPublic(registry_only=1)

    @app.get("/openapi.json", include_in_schema=False)
    def openapi() -> dict[str, Any]:
        return finalize_openapi(get_openapi(title=app.title, version="1", routes=app.routes))

    async def echo(rest: str, request: Request) -> Response:
        body = await request.body()
        payload = {
            "method": request.method,
            "path": request.url.path,
            "raw_path": request.scope["raw_path"].decode(),
            "query": request.scope["query_string"].decode(),
            "headers": [[k.decode(), v.decode()] for k, v in request.scope["headers"]],
            "body": body.decode(),
        }
        status = int(request.query_params.get("status", "200"))
        headers = {
            "X-Upstream": service,
            "Keep-Alive": "timeout=5",
            "Proxy-Authenticate": "Basic realm=x",
            "Trailer": "X-Checksum",
            "X-Request-ID": "upstream-must-not-leak-twice",
        }
        return JSONResponse(payload, status_code=status, headers=headers)

    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        app.add_api_route(f"{prefix}/echo/{{rest:path}}", echo, methods=[method],
                          operation_id=f"{service}_echo_{method.lower()}")

    @app.get(f"{prefix}/slow")
    async def slow() -> dict[str, str]:
        await asyncio.sleep(2)
        return {"slow": "yes"}

    @app.get(f"{prefix}/stream")
    def stream() -> StreamingResponse:
        async def chunks() -> AsyncIterator[bytes]:
            for i in range(5):
                yield f"chunk-{i};".encode()
                await asyncio.sleep(0.01)

        return StreamingResponse(chunks(), media_type="text/plain")

    @app.get(f"{prefix}/big")
    def big() -> Response:
        return Response(bytes(range(256)) * 4096, media_type="application/octet-stream")  # 1 MiB

    @app.api_route(f"{prefix}/head", methods=["HEAD"])
    def head() -> Response:
        return Response(headers={"content-length": "1234", "x-upstream": service})

    @app.get(f"{prefix}/empty", status_code=204)
    def empty() -> Response:
        return Response(status_code=204)

    return app


@contextmanager
def serve(app: Any, port: int | None = None) -> Iterator[str]:
    """Run ``app`` on a loopback port for the duration of the block; yields its base URL."""
    port = port or free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("upstream did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
