"""The open API's campaign feed: progress moves a campaign forward (inspection submitted, class decided,
targets changed), paging misses and repeats nothing, scopes and the client's area hold, cursors are signed."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_inspection.campaigns.models import Campaign
from tests.conftest import DISTRICT

from ..inspections.helpers import OTHER_SUBDISTRICT, World, build_world, create_body, passing

OPEN = "/api/open/v1/campaigns"
Auth = Callable[..., dict[str, str]]


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


@pytest.fixture
def platform(auth: Auth) -> dict[str, str]:
    return auth("city_platform", "client", scopes=["campaigns:read"])


def feed(client: TestClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = client.get(OPEN, headers=headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    return body


def submit_market_inspection(client: TestClient, auth: Auth, world: World, facility_id: str) -> None:
    market = auth("market", "staff")
    body = create_body(world, facility_id=facility_id, departments=["market"],
                       inspectors=[{"name": "李市监", "department": "market", "subject": "test-market-staff"}])
    created = client.post("/api/inspection/inspections", json=body, headers=market)
    assert created.status_code == 201, created.text
    inspection_id = created.json()["id"]
    answered = client.put(f"/api/inspection/inspections/{inspection_id}/answers",
                          json={"answers": passing(world, "M1")}, headers=market)
    assert answered.status_code == 200, answered.text
    submitted = client.post(f"/api/inspection/inspections/{inspection_id}/submit", headers=market)
    assert submitted.status_code == 200, submitted.text


def add_campaign(session: Session, name: str, area_code: str = DISTRICT) -> str:
    campaign_id = str(uuid.uuid4())
    now = clock.now()
    session.add(Campaign(id=campaign_id, name=name, area_code=area_code, departments=["fire"],
                         survey_start=date(2026, 5, 1), survey_end=date(2026, 5, 31),
                         rectification_start=date(2026, 6, 1), rectification_end=date(2026, 8, 31),
                         review_start=date(2026, 9, 1), review_end=date(2026, 9, 30), created_at=now,
                         created_by="seed", updated_at=now, updated_by="seed"))
    session.commit()
    return campaign_id


def test_a_campaign_shows_its_dates_targets_and_progress(client: TestClient, session: Session, world: World,
                                                         platform: dict) -> None:
    response = client.get(f"{OPEN}/{world.campaign_id}", headers=platform)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == "南山区养老机构安全专项整治" and body["current_phase"] == "survey"
    row = session.get(Campaign, world.campaign_id)
    assert row is not None
    assert body["phases"] == [
        {"phase": phase, "start": str(getattr(row, f"{phase}_start")), "end": str(getattr(row, f"{phase}_end"))}
        for phase in ("survey", "rectification", "review")]
    assert (body["targets_included"], body["targets_excluded"]) == (2, 0)
    assert body["survey"] == {"pairs_total": 6, "pairs_done": 0, "progress": 0.0, "departments": [
        {"department": dept, "facilities_total": 2, "facilities_inspected": 0, "progress": 0.0}
        for dept in ("fire", "market", "health")], "facilities_total": 2, "facilities_complete": 0}
    assert body["classification"] == {"shutdown": 0, "suspend": 0, "pass": 0, "undecided": 2}
    # Nobody has inspected either facility yet: the rules suggest not_inspected, never pass.
    assert body["suggested_classification"] == {"shutdown": 0, "suspend": 0, "pass": 0, "not_inspected": 2}
    assert [item["id"] for item in feed(client, platform)["items"]] == [world.campaign_id]


def test_progress_moves_the_campaign_forward_in_the_feed(client: TestClient, session: Session, world: World,
                                                         platform: dict, auth: Auth) -> None:
    caught_up = feed(client, platform)["next_cursor"]
    assert feed(client, platform, cursor=caught_up)["items"] == []

    submit_market_inspection(client, auth, world, world.facility_id)
    after_submit = feed(client, platform, cursor=caught_up)
    (campaign,) = after_submit["items"]
    market = next(d for d in campaign["survey"]["departments"] if d["department"] == "market")
    assert (market["facilities_inspected"], campaign["survey"]["pairs_done"]) == (1, 1)

    decided = client.post(f"/api/inspection/campaigns/{world.campaign_id}/classifications/{world.facility_id}",
                          json={"class": "pass", "reason": "市场监管检查未发现隐患，其余部门另行安排"},
                          headers=auth("task_force", "leader"))
    assert decided.status_code == 200, decided.text
    after_decision = feed(client, platform, cursor=after_submit["next_cursor"])
    assert [c["classification"] for c in after_decision["items"]] == [
        {"shutdown": 0, "suspend": 0, "pass": 1, "undecided": 1}]

    excluded = client.patch(f"/api/inspection/campaigns/{world.campaign_id}/facilities/{world.other_facility_id}",
                            json={"included": False, "reason": "已并入其他机构"}, headers=auth("civil_affairs", "head"))
    assert excluded.status_code == 200, excluded.text
    after_exclusion = feed(client, platform, cursor=after_decision["next_cursor"])
    assert [(c["targets_included"], c["targets_excluded"]) for c in after_exclusion["items"]] == [(1, 1)]

    renamed = client.patch(f"/api/inspection/campaigns/{world.campaign_id}", json={"name": "专项整治（第二轮）"},
                           headers=auth("civil_affairs", "head"))
    assert renamed.status_code == 200, renamed.text
    after_rename = feed(client, platform, cursor=after_exclusion["next_cursor"])
    assert [c["name"] for c in after_rename["items"]] == ["专项整治（第二轮）"]
    assert feed(client, platform, cursor=after_rename["next_cursor"])["items"] == []


def test_changes_made_while_paging_are_neither_missed_nor_repeated(client: TestClient, session: Session,
                                                                  world: World, platform: dict,
                                                                  auth: Auth) -> None:
    second = add_campaign(session, "第二个活动")
    third = add_campaign(session, "第三个活动")
    first = feed(client, platform, limit=2)
    assert [c["id"] for c in first["items"]] == [world.campaign_id, second] and first["has_more"]
    submit_market_inspection(client, auth, world, world.facility_id)  # the already-paged first campaign
    rest = feed(client, platform, limit=2, cursor=first["next_cursor"])
    assert [c["id"] for c in rest["items"]] == [third, world.campaign_id] and not rest["has_more"]
    assert rest["items"][1]["survey"]["pairs_done"] == 1


def test_scopes_and_roles(client: TestClient, world: World, auth: Auth) -> None:
    problem(client.get(OPEN, headers=auth("city_platform", "client", scopes=["facilities:read"])), 403,
            "scope_missing")
    problem(client.get(f"{OPEN}/{world.campaign_id}", headers=auth("city_platform", "client")), 403, "scope_missing")
    for role, position in (("civil_affairs", "head"), ("task_force", "leader"), ("community", "officer")):
        problem(client.get(OPEN, headers=auth(role, position, scopes=["campaigns:read"])), 403, "role_forbidden")
    assert client.get(OPEN).status_code == 401
    assert len(feed(client, auth("admin", "staff"))["items"]) == 1


def test_the_clients_area_bounds_campaigns_and_their_counts(client: TestClient, session: Session, world: World,
                                                            auth: Auth) -> None:
    elsewhere = add_campaign(session, "外区活动", area_code="999002")
    bounded = auth("city_platform", "client", area=OTHER_SUBDISTRICT, scopes=["campaigns:read"])
    (campaign,) = feed(client, bounded)["items"]  # the district campaign covers the client's sub-district
    assert campaign["id"] == world.campaign_id and campaign["targets_included"] == 1
    assert campaign["survey"]["pairs_total"] == 3
    problem(client.get(f"{OPEN}/{elsewhere}", headers=bounded), 404, "campaign_not_found")
    problem(client.get(f"{OPEN}/{elsewhere}", headers=auth("city_platform", "client", scopes=["campaigns:read"])),
            404, "campaign_not_found")


def test_cursors_and_parameters_are_checked(client: TestClient, world: World, platform: dict) -> None:
    cursor = feed(client, platform, limit=1)["next_cursor"]
    body, tag = cursor.split(".")
    for bad in (f"{body}.{tag[:-1]}{'A' if tag[-1] != 'A' else 'B'}", "x.y", "nonsense"):
        problem(client.get(OPEN, headers=platform, params={"cursor": bad}), 400, "invalid_cursor")
    # A facilities cursor is not a campaigns cursor, even when both are genuine.
    from eldersafe_common.sync import encode_cursor
    from eldersafe_inspection.settings import get_settings

    foreign = encode_cursor("registry.facilities", 0, {}, get_settings().cursor_secret.get_secret_value())
    problem(client.get(OPEN, headers=platform, params={"cursor": foreign}), 400, "invalid_cursor")
    for params in ({"limit": 0}, {"limit": 501}, {"updated_since": "0.5"}, {"status": "open"}):
        problem(client.get(OPEN, headers=platform, params=params), 422, "validation_failed")
    problem(client.get(f"{OPEN}/not-a-uuid", headers=platform), 422, "validation_failed")


def test_updated_since_starts_the_feed(client: TestClient, world: World, platform: dict) -> None:
    future = (clock.now() + timedelta(hours=1)).isoformat()
    empty = feed(client, platform, updated_since=future)
    assert empty["items"] == [] and feed(client, platform, cursor=empty["next_cursor"])["items"] == []
    past = (clock.now() - timedelta(hours=1)).isoformat()
    assert [c["id"] for c in feed(client, platform, updated_since=past)["items"]] == [world.campaign_id]


def test_the_open_api_is_documented_with_examples(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert {"/api/open/v1/campaigns", "/api/open/v1/campaigns/{campaign_id}"} <= set(document["paths"])
    assert document["components"]["schemas"]["OpenCampaign"]["examples"]
