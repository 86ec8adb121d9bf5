"""Longest-prefix routing of the open API and Open311, beside /api/<service>/…; paths forwarded unchanged."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eldersafe_gateway.openapi import merge_openapi
from eldersafe_gateway.proxy import ServiceProxy
from eldersafe_gateway.routes import service_for
from eldersafe_gateway.settings import GatewaySettings
from tests.gateway.stubs import echo_services, stub_settings

ROUTES = [
    ("/api/open/v1/facilities", "registry"),
    ("/api/open/v1/facilities/d728f789", "registry"),
    ("/api/open/v1/statistics/facilities", "registry"),
    ("/api/open/v1/campaigns", "inspection"),
    ("/api/open/v1/campaigns/c-1", "inspection"),
    ("/api/open/v1/hazard-summaries/facilities", "rectification"),
    ("/api/open/v1/hazard-summaries/areas", "rectification"),
    ("/api/open/v1/statistics/hazards", "rectification"),
    ("/api/open/v1/webhooks", "notification"),
    ("/api/open/v1/webhooks/w-1/deliveries", "notification"),
    ("/open311/v2/services.json", "inspection"),
    ("/open311/v2/requests/T2026-000001.json", "inspection"),
    ("/api/registry/facilities", "registry"),
    ("/api/inspection/public/facilities", "inspection"),
]
UNROUTED = ["/api/open/v1", "/api/open/v1/", "/api/open/v1/statistics", "/api/open/v1/statistics/other",
            "/api/open/v1/facilitiesx", "/api/open/v2/facilities", "/api/open", "/open311x/v2", "/tip", "/"]


@pytest.fixture(scope="module")
def stub_urls() -> Iterator[dict[str, str]]:
    with echo_services() as urls:
        yield urls


@pytest.fixture
def settings(stub_urls: dict[str, str], tmp_path: Path) -> GatewaySettings:
    return stub_settings(stub_urls, tmp_path)


@pytest.mark.parametrize(("path", "service"), ROUTES)
def test_prefix_table(path: str, service: str) -> None:
    proxy = ServiceProxy(GatewaySettings().services, connect_timeout=1, read_timeout=1, pool_timeout=1,
                         max_connections=1)
    upstream = proxy.match(path)
    assert upstream is not None and upstream.name == service


@pytest.mark.parametrize("path", UNROUTED)
def test_paths_outside_the_table_are_not_proxied(path: str) -> None:
    proxy = ServiceProxy(GatewaySettings().services, connect_timeout=1, read_timeout=1, pool_timeout=1,
                         max_connections=1)
    assert proxy.match(path) is None
    assert service_for(path) is None


@pytest.mark.parametrize(("path", "service"), ROUTES)
def test_requests_reach_the_owner_with_the_path_unchanged(client: TestClient, path: str, service: str) -> None:
    response = client.get(f"{path}?page=2")
    assert response.status_code == 200
    assert response.json()["service"] == service
    assert response.json()["path"] == path


def test_unknown_open_api_path_is_a_problem(client: TestClient) -> None:
    for path in ("/api/open/v1/nothing", "/api/open/v1/statistics/other", "/api/open/v2/facilities"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "route_not_found"


def test_merged_openapi_keeps_service_paths_and_documents_the_gateway_limit() -> None:
    problem = {"$ref": "#/components/schemas/Problem"}
    own = {"openapi": "3.1.0", "paths": {}, "components": {"schemas": {"Problem": {"type": "object"}}}}
    operation = {"responses": {"200": {"description": "OK"}}}
    inspection = {"paths": {
        "/open311/v2/requests.json": {"get": operation, "post": operation},
        "/api/inspection/public/tips": {"post": operation},
        "/api/open/v1/campaigns": {"get": operation},
        "/api/inspection/tips": {"get": operation},
    }, "components": {"schemas": {"Problem": {"type": "object"}}}}
    merged = merge_openapi(own, {"inspection": inspection})
    paths = merged["paths"]
    assert set(paths) == set(inspection["paths"])
    for path, method in [("/open311/v2/requests.json", "post"), ("/open311/v2/requests.json", "get"),
                         ("/api/inspection/public/tips", "post"), ("/api/open/v1/campaigns", "get")]:
        limited = paths[path][method]["responses"]["429"]
        assert limited["content"]["application/problem+json"]["schema"] == problem
        assert "Retry-After" in limited["headers"]
    assert "429" not in paths["/api/inspection/tips"]["get"]["responses"]
    assert "429" not in operation["responses"], "the cached service document is left as it was"
