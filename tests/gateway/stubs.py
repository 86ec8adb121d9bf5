"""One echoing stand-in per service, for routing and privacy tests: it answers any path with what arrived."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from eldersafe_gateway.settings import GatewaySettings
from tests.gateway.upstream import serve

SERVICES = ("registry", "inspection", "rectification", "notification")


def build_echo(service: str) -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    @app.api_route("/{rest:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
    async def echo(rest: str, request: Request) -> JSONResponse:
        await request.body()
        headers = {"Cache-Control": "private, max-age=5"} if request.query_params.get("cache") else {}
        return JSONResponse({
            "service": service, "method": request.method, "path": request.url.path,
            "headers": [[k.decode(), v.decode()] for k, v in request.scope["headers"]],
        }, status_code=int(request.query_params.get("status", "200")), headers=headers)

    return app


@contextmanager
def echo_services() -> Iterator[dict[str, str]]:
    with ExitStack() as stack:
        yield {name: stack.enter_context(serve(build_echo(name))) for name in SERVICES}


def stub_settings(urls: dict[str, str], tmp_path: Path, **overrides: object) -> GatewaySettings:
    return GatewaySettings(**{f"{name}_url": url for name, url in urls.items()},  # type: ignore[arg-type]
                           proxy_read_timeout=2.0, frontend_dist=tmp_path / "dist", **overrides)


def arrived(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """The headers the stand-in received, by lower-case name."""
    seen: dict[str, list[str]] = {}
    for key, value in response.json()["headers"]:
        seen.setdefault(key, []).append(value)
    return seen
