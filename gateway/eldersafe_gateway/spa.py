"""Hosting the built single-page app with history-mode fallback."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from eldersafe_common.errors import NotFound

router = APIRouter(include_in_schema=False)

# Vite puts content-hashed files under assets/: they never change, so caches may keep them for good.
IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
SHORT = "public, max-age=3600"

NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ElderSafe</title></head>
<body><h1>ElderSafe</h1><p>The web app is not built yet. Run <code>npm ci &amp;&amp; npm run build</code> in
<code>frontend/</code>, then reload this page. The API is at <a href="/api/docs">/api/docs</a>.</p></body></html>"""


def _inside(dist: Path, relative: str) -> Path | None:
    """The file ``relative`` under ``dist``, refusing anything that escapes it."""
    if not relative or "\x00" in relative:
        return None
    candidate = (dist / relative).resolve()
    try:
        candidate.relative_to(dist)
    except ValueError:
        return None
    return candidate if candidate.is_file() else None


# The public tip-off page: a separate, small bundle (Vite entry tip.html) for members of the public. It
# must not leak where a reporter goes next, nor be kept by a shared cache.
TIP_PAGE_HEADERS = {"Cache-Control": NO_CACHE, "Referrer-Policy": "no-referrer"}


@router.api_route("/tip", methods=["GET", "HEAD"])
@router.api_route("/tip/{rest:path}", methods=["GET", "HEAD"])
def tip_page(request: Request) -> Response:
    """The tip bundle's page for /tip and every client-side route under it; 404 when it is not built."""
    page = request.app.state.settings.frontend_dist.resolve() / "tip.html"
    if not page.is_file():
        raise NotFound("The tip-off page is not built.", code="route_not_found")
    return FileResponse(page, media_type="text/html", headers=TIP_PAGE_HEADERS)


@router.api_route("/{full_path:path}", methods=["GET", "HEAD"])
def spa(full_path: str, request: Request) -> Response:
    """A built file if it exists, else index.html so that the app's router handles the path."""
    if full_path == "api" or full_path.startswith("api/"):
        raise NotFound("No such API endpoint.", code="route_not_found")
    dist: Path = request.app.state.settings.frontend_dist.resolve()
    file = _inside(dist, full_path)
    if file is not None and full_path == "tip.html":
        return tip_page(request)
    if file is not None and file.name != "index.html":
        cache = IMMUTABLE if full_path.startswith("assets/") else SHORT
        return FileResponse(file, headers={"Cache-Control": cache})
    index = dist / "index.html"
    if not index.is_file():
        return HTMLResponse(NOT_BUILT, headers={"Cache-Control": NO_CACHE})
    return FileResponse(index, media_type="text/html", headers={"Cache-Control": NO_CACHE})
