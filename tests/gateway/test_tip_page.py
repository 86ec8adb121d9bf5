"""The public tip-off bundle at /tip and below it, beside the staff SPA and its history fallback."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eldersafe_gateway.settings import GatewaySettings


@pytest.fixture
def dist(settings: GatewaySettings) -> Path:
    root = settings.frontend_dist
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><div id=app></div>")
    (root / "tip.html").write_text("<!doctype html><div id=tip></div>")
    (root / "assets" / "tip-5e1d2c.js").write_text("console.log('tip')")
    return root


@pytest.mark.parametrize("path", ["/tip", "/tip/", "/tip/status", "/tip/status?x=1", "/tip.html"])
def test_tip_paths_serve_the_public_bundle(dist: Path, client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, path
    assert "id=tip" in response.text
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_staff_app_fallback_is_intact(dist: Path, client: TestClient) -> None:
    for path in ("/", "/tips", "/tips/42", "/tipping", "/rewards"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "id=app" in response.text, path
    assert client.get("/assets/tip-5e1d2c.js").text == "console.log('tip')"


def test_tip_page_missing_is_404(client: TestClient, settings: GatewaySettings) -> None:
    root = settings.frontend_dist
    root.mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><div id=app></div>")
    for path in ("/tip", "/tip/status"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == "application/problem+json"
    assert "id=app" in client.get("/").text
