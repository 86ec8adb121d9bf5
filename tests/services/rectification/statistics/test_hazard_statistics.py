"""GET /api/rectification/statistics/hazards: the leaders' figures, each caller's scope, read from the counters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_rectification.ledger import transitions
from eldersafe_rectification.ledger.models import HazardTally
from tests.conftest import COMMUNITY, DISTRICT, SUBDISTRICT
from tests.services.rectification.ledger.support import new_hazard, withdraw_finding
from tests.services.rectification.ledger.test_tally import MANAGER

URL = "/api/rectification/statistics/hazards"
OTHER_COMMUNITY = "999001002001"
CAMPAIGN = "22222222-2222-2222-2222-222222222222"
Auth = Callable[..., dict[str, str]]


@pytest.fixture
def ledger(session: Session) -> dict[str, Any]:
    """A: fire, major, open, overdue · B: health, ordinary, in progress, overdue · C: fire, ordinary, open, due in
    30 days, another sub-district, another campaign · D: fire, withdrawn (all but C in COMMUNITY)."""
    a = new_hazard(session, severity="major")
    b = new_hazard(session, department="health", severity="ordinary", item_code="H-1")
    transitions.start(session, principal=MANAGER, hazard_id=b.id)
    c = new_hazard(session, severity="ordinary", area_code=OTHER_COMMUNITY, found_at=clock.now(),
                   campaign_id="33333333-3333-3333-3333-333333333333")
    d = new_hazard(session, item_code="FIRE-09")
    withdraw_finding(session, d)
    session.commit()
    return {"a": a, "b": b, "c": c, "d": d}


def get(client: TestClient, headers: dict[str, str], **query: str) -> dict[str, Any]:
    answer = client.get(URL, params=query, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_the_task_force_sees_the_district(ledger: dict[str, Any], client: TestClient, auth: Auth) -> None:
    body = get(client, auth("task_force", "leader"))
    assert (body["area_code"], body["area_level"], body["department"]) == (DISTRICT, "subdistrict", None)
    assert (body["hazards"], body["open"], body["overdue"]) == (4, 3, 2)
    assert body["by_state"] == {"open": 2, "in_progress": 1, "submitted": 0, "accepted": 0, "signed_off": 0,
                                "withdrawn": 1}
    assert body["by_severity"] == {"ordinary": 2, "major": 2}
    assert [(d["department"], d["hazards"], d["open"], d["overdue"], d["major"]) for d in body["departments"]] == [
        ("fire", 3, 2, 1, 2), ("health", 1, 1, 1, 0)]
    assert [(a["area_code"], a["hazards"], a["open"], a["overdue"]) for a in body["areas"]] == [
        (SUBDISTRICT, 3, 2, 2), ("999001002", 1, 1, 0)]
    assert body["as_of"] == clock.china_today().isoformat()


def test_the_figures_match_the_ledger_page(ledger: dict[str, Any], client: TestClient, auth: Auth) -> None:
    headers = auth("civil_affairs", "staff")
    body = get(client, headers)

    def total(**query: str) -> int:
        return int(client.get("/api/rectification/hazards", params=query, headers=headers).json()["total"])

    assert body["hazards"] == total()
    assert body["overdue"] == total(overdue="true")
    assert body["by_state"]["open"] == total(state="open")
    assert body["by_severity"]["major"] == total(severity="major")


def test_overdue_follows_the_calendar_without_a_write(ledger: dict[str, Any], client: TestClient, auth: Auth,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.OFFSET_ENV, "45")  # C's 30 days pass
    headers = auth("task_force", "member")
    body = get(client, headers)
    overdue = client.get("/api/rectification/hazards", params={"overdue": "true"}, headers=headers).json()["total"]
    assert body["overdue"] == overdue == 3
    assert body["as_of"] == clock.china_today().isoformat()


@pytest.mark.parametrize(("role", "department", "hazards"), [("fire", "fire", 3), ("health", "health", 1)])
def test_a_department_head_sees_only_its_department(ledger: dict[str, Any], client: TestClient, auth: Auth,
                                                     role: str, department: str, hazards: int) -> None:
    body = get(client, auth(role, "head"))
    assert body["department"] == department and body["hazards"] == hazards
    assert [d["department"] for d in body["departments"]] == [department]


@pytest.mark.parametrize(("role", "position", "area", "hazards", "level"), [
    ("community", "head", COMMUNITY, 3, "community"), ("community", "officer", OTHER_COMMUNITY, 1, "community"),
    ("subdistrict", "officer", SUBDISTRICT, 3, "community"), ("subdistrict", "head", "999001002", 1, "community"),
    ("admin", "staff", DISTRICT, 4, "subdistrict"), ("civil_affairs", "head", DISTRICT, 4, "subdistrict"),
    ("task_force", "deputy", DISTRICT, 4, "subdistrict"),
])
def test_each_area_sees_its_own(ledger: dict[str, Any], client: TestClient, auth: Auth, role: str, position: str,
                                area: str, hazards: int, level: str) -> None:
    body = get(client, auth(role, position, area=area))
    assert (body["area_code"], body["hazards"], body["area_level"]) == (area, hazards, level)
    assert all(item["area_code"].startswith(area) for item in body["areas"])


def test_filters_narrow_inside_the_caller_s_area(ledger: dict[str, Any], client: TestClient, auth: Auth) -> None:
    leader = auth("task_force", "leader")
    body = get(client, leader, area_code=OTHER_COMMUNITY)
    assert (body["area_code"], body["hazards"], body["area_level"]) == (OTHER_COMMUNITY, 1, "community")
    assert get(client, leader, campaign_id=CAMPAIGN)["hazards"] == 3
    community = auth("community", "head", area=COMMUNITY)
    # Above the caller's area: its own area; beside it: nothing (as the ledger's area_code filter answers).
    assert get(client, community, area_code=DISTRICT)["hazards"] == 3
    beside = get(client, community, area_code=OTHER_COMMUNITY)
    assert (beside["hazards"], beside["areas"], beside["departments"]) == (0, [], [])


def test_the_figures_come_from_the_counters(ledger: dict[str, Any], session: Session, client: TestClient,
                                            auth: Auth) -> None:
    row = session.get(HazardTally, (CAMPAIGN, COMMUNITY, "fire", "open", "major"))
    assert row is not None and row.hazards == 1
    row.hazards = 7  # a counter nobody keeps would not be read: the endpoint never scans the ledger
    session.add(row)
    session.commit()
    assert get(client, auth("task_force", "leader"))["hazards"] == 10


@pytest.mark.parametrize(("role", "position", "extra"), [
    ("facility", "manager", {"area": COMMUNITY, "facility": "f-ledger"}), ("fire", "staff", {}),
    ("health", "staff", {}), ("reward_custodian", "custodian", {}),
    ("city_platform", "client", {"scopes": ["statistics:read", "hazards:read"]}),
])
def test_other_roles_are_refused(ledger: dict[str, Any], client: TestClient, auth: Auth, role: str, position: str,
                                 extra: dict[str, Any]) -> None:
    answer = client.get(URL, headers=auth(role, position, **extra))
    assert answer.status_code == 403 and answer.json()["code"] == "role_forbidden"


def test_bad_queries_are_422_and_a_missing_token_401(client: TestClient, auth: Auth) -> None:
    leader = auth("task_force", "leader")
    for query in ({"area_code": "99a"}, {"state": "open"}, {"campaign_id": "x" * 40}):
        answer = client.get(URL, params=query, headers=leader)
        assert answer.status_code == 422 and answer.json()["errors"][0]["field"], query
    assert client.get(URL).status_code == 401

