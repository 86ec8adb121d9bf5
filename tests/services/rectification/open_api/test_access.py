"""Who may read the open API: a city-platform client with the scope, or an admin; nobody else."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_rectification.main import app
from tests.conftest import COMMUNITY

from .support import AREAS_URL, FACILITIES_URL, STATISTICS_URL, Auth, add_hazard, platform

SCOPE_OF = {FACILITIES_URL: "hazards:read", AREAS_URL: "hazards:read", STATISTICS_URL: "statistics:read"}


@pytest.mark.parametrize("url", list(SCOPE_OF))
def test_a_client_needs_the_endpoint_s_scope(session: Session, client: TestClient, auth: Auth, url: str) -> None:
    add_hazard(session, "f-access")
    others = [scope for scope in ("facilities:read", "hazards:read", "campaigns:read", "statistics:read",
                                  "tips:write") if scope != SCOPE_OF[url]]
    refused = client.get(url, headers=platform(auth, scopes=others))
    assert refused.status_code == 403
    assert refused.json()["code"] == "scope_missing"
    assert client.get(url, headers=platform(auth, scopes=[SCOPE_OF[url]])).status_code == 200
    assert client.get(url, headers=auth("admin", "staff")).status_code == 200
    assert client.get(url).status_code == 401


@pytest.mark.parametrize("url", list(SCOPE_OF))
@pytest.mark.parametrize(("role", "position", "extra"), [
    ("civil_affairs", "head", {}), ("fire", "staff", {}), ("task_force", "leader", {}),
    ("subdistrict", "head", {}), ("community", "officer", {"area": COMMUNITY}),
    ("facility", "manager", {"area": COMMUNITY, "facility": "f-access"}),
])
def test_other_roles_are_refused(session: Session, client: TestClient, auth: Auth, url: str, role: str,
                                 position: str, extra: dict[str, str]) -> None:
    # Even holding the scope: the open API is the city platform's (and the admin's), not a staff report.
    answer = client.get(url, headers=auth(role, position, scopes=list(SCOPE_OF.values()), **extra))
    assert answer.status_code == 403
    assert answer.json()["code"] == "role_forbidden"


def test_the_openapi_document_describes_the_open_api() -> None:
    document = app.openapi()
    paths = document["paths"]
    for url in SCOPE_OF:
        operation = paths[url]["get"]
        assert operation["tags"] == ["open-api"]
        assert {"401", "403", "422"} <= set(operation["responses"])
    assert "400" in paths[FACILITIES_URL]["get"]["responses"]  # invalid_cursor
    schemas = document["components"]["schemas"]
    for name in ("FacilityHazardSummary", "AreaHazardSummary", "HazardStatistics"):
        assert schemas[name]["examples"], name
    operations = [op["operationId"] for item in paths.values() for op in item.values() if "operationId" in op]
    assert len(operations) == len(set(operations))
