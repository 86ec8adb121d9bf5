from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eldersafe_gateway.settings import GatewaySettings


@pytest.fixture
def dist(settings: GatewaySettings) -> Path:
    root = settings.frontend_dist
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><div id=app></div>")
    (root / "assets" / "index-3f9a1c.js").write_text("console.log('app')")
    (root / "favicon.ico").write_bytes(b"\x00\x01")
    return root


def test_index_and_history_fallback(dist: Path, client: TestClient) -> None:
    for path in ("/", "/facilities/42", "/hazards?status=open"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "id=app" in response.text
        assert response.headers["cache-control"] == "no-cache"


def test_hashed_assets_are_cached_for_long(dist: Path, client: TestClient) -> None:
    response = client.get("/assets/index-3f9a1c.js")
    assert response.text == "console.log('app')"
    assert "immutable" in response.headers["cache-control"]
    assert "immutable" not in client.get("/favicon.ico").headers["cache-control"]


def test_paths_cannot_escape_dist(dist: Path, client: TestClient) -> None:
    (dist.parent / "secret.txt").write_text("top secret")
    response = client.get("/assets/..%2F..%2Fsecret.txt")
    assert "top secret" not in response.text


def test_unknown_api_paths_are_problems_not_the_app(dist: Path, client: TestClient) -> None:
    response = client.get("/api/nothing/here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_missing_build_says_so(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "not built" in response.text
