"""The subscriptions API is also served at the open API prefix (/api/open/v1/webhooks): same handlers, same rules."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_notification.main import app

Auth = Callable[..., dict[str, str]]
OPEN = "/api/open/v1/webhooks"
BODY = {"client_name": "市城运平台", "url": "http://127.0.0.1:9/hooks/eldersafe", "event_types": ["hazard.overdue"]}


def test_a_city_platform_client_creates_lists_pings_and_deletes_at_the_open_prefix(
        client: TestClient, session: Session, auth: Auth) -> None:
    platform = auth("city_platform", "client", subject="city-platform-1",
                    scopes=["hazards:read", "statistics:read"])
    created = client.post(OPEN, json=BODY, headers=platform)
    assert created.status_code == 201, created.text
    own = created.json()
    assert own["secret"] and own["owner"] == "city-platform-1"
    listed = client.get(OPEN, headers=platform).json()
    assert [item["id"] for item in listed["items"]] == [own["id"]]
    # One table behind both prefixes: the subscription made here is the one the notification prefix lists.
    assert [item["id"] for item in client.get("/api/notification/webhooks", headers=platform).json()["items"]] == [
        own["id"]]
    assert client.post(f"{OPEN}/{own['id']}/ping", headers=platform).status_code == 202
    assert client.delete(f"{OPEN}/{own['id']}", headers=platform).status_code == 204
    assert client.get(OPEN, headers=platform).json()["total"] == 0
    assert client.delete(f"{OPEN}/{own['id']}", headers=platform).status_code == 404


def test_the_open_prefix_keeps_the_rules(client: TestClient, session: Session, auth: Auth) -> None:
    admin = auth("admin", "staff")
    other = client.post(OPEN, json=BODY, headers=admin).json()
    platform = auth("city_platform", "client", subject="city-platform-2")
    assert client.delete(f"{OPEN}/{other['id']}", headers=platform).status_code == 404
    assert client.get(OPEN, headers=auth("task_force", "leader")).status_code == 403
    assert client.get(OPEN).status_code == 401
    refused = client.post(OPEN, json={**BODY, "url": "ftp://example.com/hook"}, headers=platform)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.url"


def test_operation_ids_stay_unique_across_both_prefixes() -> None:
    operations = [operation["operationId"] for item in app.openapi()["paths"].values()
                  for method, operation in item.items() if method in {"get", "post", "put", "patch", "delete"}]
    assert len(operations) == len(set(operations))
    paths = app.openapi()["paths"]
    assert set(paths[OPEN]) == set(paths["/api/notification/webhooks"]) == {"get", "post"}
    assert set(paths[OPEN + "/{subscription_id}"]) == {"delete"}
