from collections.abc import Callable, Sequence

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_gateway.audit import repository
from eldersafe_gateway.main import GatewayApp
from eldersafe_gateway.models import AuditEntry


@pytest.fixture
def persisted(gateway: GatewayApp, session: Session) -> None:
    """Write the trail into the test's session (flushed explicitly, so never concurrently with a request)."""

    def sink(entries: Sequence[AuditEntry]) -> None:
        repository.add_many(session, entries)
        session.commit()

    gateway.recorder.sink = sink


def test_admin_reads_the_trail_with_filters(
    persisted: None, client: TestClient, gateway: GatewayApp, admin_headers: dict[str, str],
    auth: Callable[..., dict[str, str]],
) -> None:
    client.post("/api/registry/echo/a?status=201", json={}, headers={**auth("fire", "staff", subject="f-1")})
    client.post("/api/registry/echo/b?status=409", json={}, headers={**auth("fire", "staff", subject="f-1")})
    client.put("/api/registry/echo/c", json={}, headers={"X-Request-ID": "put-req-1"})
    client.portal.call(gateway.recorder.flush)  # type: ignore[union-attr]

    everything = client.get("/api/audit", headers=admin_headers).json()
    assert everything["total"] == 3
    by_actor = client.get("/api/audit", params={"actor": "f-1"}, headers=admin_headers).json()
    assert {i["path"] for i in by_actor["items"]} == {"/api/registry/echo/a", "/api/registry/echo/b"}
    failures = client.get("/api/audit", params={"outcome": "failure"}, headers=admin_headers).json()
    assert [i["status"] for i in failures["items"]] == [409]
    by_request = client.get("/api/audit", params={"request_id": "put-req-1"}, headers=admin_headers).json()
    assert [(i["method"], i["actor"]) for i in by_request["items"]] == [("PUT", "anonymous")]
    by_path = client.get("/api/audit", params={"path": "/api/registry/echo/c", "method": "PUT"},
                         headers=admin_headers).json()
    assert by_path["total"] == 1
    paged = client.get("/api/audit", params={"page_size": 2, "page": 2}, headers=admin_headers).json()
    assert len(paged["items"]) == 1


def test_audit_is_admin_only_and_validates(
    client: TestClient, admin_headers: dict[str, str], auth: Callable[..., dict[str, str]]
) -> None:
    assert client.get("/api/audit", headers=auth("task_force", "leader")).status_code == 403
    assert client.get("/api/audit").status_code == 401
    bad = client.get("/api/audit", params={"outcome": "maybe", "page": 0}, headers=admin_headers)
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    reversed_range = client.get("/api/audit", params={"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"},
                                headers=admin_headers)
    assert reversed_range.status_code == 422
    # A valid ISO time whose UTC instant falls before year 1 (schemathesis): 422 naming the field, not a 500.
    for field in ("since", "until"):
        early = client.get("/api/audit", params={field: "0001-01-01T00:00:00+00:01"}, headers=admin_headers)
        assert early.status_code == 422, early.text
        assert early.json()["errors"] == [{"field": f"query.{field}", "reason": "out of range"}]
