from fastapi.testclient import TestClient

from eldersafe_gateway.main import create_app
from eldersafe_gateway.settings import GatewaySettings


def test_health_reports_each_service(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["services"]["registry"]["status"] == "ok"
    assert body["services"]["inspection"]["status"] == "unreachable"


def test_health_is_ok_when_everything_is(upstream_url: str, migrated: str) -> None:
    settings = GatewaySettings(registry_url=upstream_url, inspection_url=upstream_url,
                               rectification_url=upstream_url, notification_url=upstream_url)
    with TestClient(create_app(settings)) as client:
        body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert {s["status"] for s in body["services"].values()} == {"ok"}
