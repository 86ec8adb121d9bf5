"""The open API's facility feed: scopes, area, change order while a client pages, cursors, statistics."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_registry.models import Facility
from tests.services.registry.helpers import OTHER_SUBDISTRICT, SUBDISTRICT, World

OPEN = "/api/open/v1"
Auth = Callable[..., dict[str, str]]


@pytest.fixture
def platform(auth: Auth) -> dict[str, str]:
    return auth("city_platform", "client", scopes=["facilities:read", "statistics:read"])


def names(body: dict[str, Any]) -> list[tuple[str, str]]:
    return [(item["name"], item["status"]) for item in body["items"]]


def feed(client: TestClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = client.get(f"{OPEN}/facilities", headers=headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    return body


def test_changes_made_while_paging_are_neither_missed_nor_repeated(client: TestClient, session: Session,
                                                                  world: World, platform: dict, civil: dict) -> None:
    first = feed(client, platform, limit=2)
    assert [i["name"] for i in first["items"]] == ["松鹤颐养院", "竹园老年公寓"] and first["has_more"]
    # One facility already paged, one not reached yet, change while the client is between pages.
    for facility, name in ((world.own, "松鹤颐养院（新址）"), (world.other_subdistrict, "福星敬老院（更名）")):
        response = client.patch(f"/api/registry/facilities/{facility.id}", headers=civil, json={"name": name})
        assert response.status_code == 200, response.text
    second = feed(client, platform, limit=2, cursor=first["next_cursor"])
    assert [i["name"] for i in second["items"]] == ["松鹤颐养院（新址）", "福星敬老院（更名）"]
    assert second["has_more"] is False
    # Nothing new: the same cursor comes back, ready for the next poll.
    idle = feed(client, platform, limit=2, cursor=second["next_cursor"])
    assert idle == {"items": [], "has_more": False, "next_cursor": second["next_cursor"]}
    response = client.patch(f"/api/registry/facilities/{world.sibling.id}", headers=civil,
                            json={"licensed_beds": 40})
    assert response.status_code == 200
    later = feed(client, platform, limit=2, cursor=idle["next_cursor"])
    assert [(i["name"], i["licensed_beds"]) for i in later["items"]] == [("竹园老年公寓", 40)]


def test_a_facility_shows_no_personal_data(client: TestClient, session: Session, world: World,
                                           platform: dict) -> None:
    response = client.get(f"{OPEN}/facilities/{world.own.id}", headers=platform)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == "松鹤颐养院" and body["subdistrict_name"] and body["community_name"]
    assert body["classification"] is None and body["residents_count"] == 1
    assert body["updated_at"].endswith(("Z", "+00:00"))  # RFC 3339 with an offset
    resident = world.resident_of(session, world.own)
    listed = client.get(f"{OPEN}/facilities", headers=platform).text
    for secret in (resident.name, resident.id_number, world.own.manager_phone, world.own.legal_representative,
                   world.own.legal_representative_phone, world.own.manager):
        assert secret not in response.text and secret not in listed


def test_scopes_and_roles(client: TestClient, world: World, auth: Auth) -> None:
    url = f"{OPEN}/facilities"
    problem(client.get(url, headers=auth("city_platform", "client", scopes=["hazards:read"])), 403, "scope_missing")
    problem(client.get(f"{url}/{world.own.id}", headers=auth("city_platform", "client", scopes=["statistics:read"])),
            403, "scope_missing")
    problem(client.get(f"{OPEN}/statistics/facilities",
                       headers=auth("city_platform", "client", scopes=["facilities:read"])), 403, "scope_missing")
    for role, position in (("civil_affairs", "head"), ("task_force", "leader"), ("subdistrict", "head")):
        problem(client.get(url, headers=auth(role, position, scopes=["facilities:read"])), 403, "role_forbidden")
    problem(client.get(url, headers=auth("facility", "manager", facility=world.own.id)), 403, "role_forbidden")
    assert client.get(url).status_code == 401
    assert len(client.get(url, headers=auth("admin", "staff")).json()["items"]) == 3  # the district's three


def test_the_clients_area_bounds_what_it_sees(client: TestClient, world: World, auth: Auth,
                                              platform: dict) -> None:
    bounded = auth("city_platform", "client", area=SUBDISTRICT, scopes=["facilities:read", "statistics:read"])
    assert [i["name"] for i in feed(client, bounded)["items"]] == ["松鹤颐养院", "竹园老年公寓"]
    problem(client.get(f"{OPEN}/facilities/{world.other_subdistrict.id}", headers=bounded), 404,
            "facility_not_found")
    problem(client.get(f"{OPEN}/facilities/{world.other_district.id}", headers=platform), 404, "facility_not_found")
    # A filter never widens: another sub-district's code through a bounded client gives nothing.
    assert feed(client, bounded, area=OTHER_SUBDISTRICT)["items"] == []
    assert [i["name"] for i in feed(client, platform, area=OTHER_SUBDISTRICT)["items"]] == ["福星敬老院"]
    assert [i["name"] for i in feed(client, platform, status="operating", limit=500)["items"]] == [
        "松鹤颐养院", "竹园老年公寓", "福星敬老院"]
    assert feed(client, platform, status="suspended")["items"] == []


def test_updated_since_starts_the_feed_and_an_empty_first_page_still_advances(
        client: TestClient, session: Session, world: World, platform: dict, civil: dict) -> None:
    future = (clock.now() + timedelta(hours=1)).isoformat()
    empty = feed(client, platform, updated_since=future)
    assert empty["items"] == [] and empty["has_more"] is False
    assert feed(client, platform, cursor=empty["next_cursor"])["items"] == []
    client.patch(f"/api/registry/facilities/{world.sibling.id}", headers=civil, json={"licensed_beds": 35})
    assert [i["name"] for i in feed(client, platform, cursor=empty["next_cursor"])["items"]] == ["竹园老年公寓"]
    past = (clock.now() - timedelta(hours=1)).isoformat()
    assert len(feed(client, platform, updated_since=past)["items"]) == 3


def test_a_tampered_or_foreign_cursor_is_a_400_problem(client: TestClient, world: World, platform: dict) -> None:
    cursor = feed(client, platform, limit=1)["next_cursor"]
    body, tag = cursor.split(".")
    url = f"{OPEN}/facilities"
    for bad in (f"{body}.{tag[:-1]}{'A' if tag[-1] != 'A' else 'B'}", f"{body[:-2]}xx.{tag}", "garbage", "a.b"):
        problem(client.get(url, headers=platform, params={"cursor": bad}), 400, "invalid_cursor")
    # Bound to its filters: reusing it with another status is refused, not silently reinterpreted.
    refused = problem(client.get(url, headers=platform, params={"cursor": cursor, "status": "operating"}), 400,
                      "invalid_cursor")
    assert refused["errors"][0]["field"] == "query.cursor"


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"limit": "x"}, {"updated_since": "yesterday"},
                                    {"updated_since": "2026-11-01T00:00:00"}, {"status": "closed"},
                                    {"area": "abc"}, {"page": 2}, {"cursor": "x" * 2001}])
def test_bad_query_parameters_are_422(client: TestClient, world: World, platform: dict,
                                      params: dict[str, Any]) -> None:
    problem(client.get(f"{OPEN}/facilities", headers=platform, params=params), 422, "validation_failed")


def test_statistics_count_by_status_ownership_class_and_subdistrict(client: TestClient, session: Session,
                                                                   world: World, platform: dict) -> None:
    sibling = session.get(Facility, world.sibling.id)
    assert sibling is not None
    sibling.classification, sibling.classified_at = "suspend", datetime(2026, 11, 20, tzinfo=UTC)
    session.add(sibling)
    session.commit()
    response = client.get(f"{OPEN}/statistics/facilities", headers=platform)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["area_code"] == "999001" and body["total"] == 3
    assert body["by_status"] == {"operating": 3, "suspended": 0, "shut_down": 0, "deregistered": 0}
    assert body["by_ownership"] == {"public": 1, "private": 1, "public_private": 1}
    assert body["by_class"] == {"shutdown": 0, "suspend": 1, "pass": 0, "unclassified": 2}
    assert (body["licensed_beds"], body["residents"]) == (160, 3)
    assert [(s["code"], s["total"], s["licensed_beds"]) for s in body["subdistricts"]] == [
        (SUBDISTRICT, 2, 80), (OTHER_SUBDISTRICT, 1, 80)]
    assert all(s["name"] for s in body["subdistricts"])
    narrowed = client.get(f"{OPEN}/statistics/facilities", headers=platform, params={"area": OTHER_SUBDISTRICT})
    assert narrowed.json()["total"] == 1 and narrowed.json()["area_code"] == OTHER_SUBDISTRICT


def test_the_open_api_is_documented_with_examples(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    for path in ("/api/open/v1/facilities", "/api/open/v1/facilities/{facility_id}",
                 "/api/open/v1/statistics/facilities"):
        assert "get" in document["paths"][path]
    schemas = document["components"]["schemas"]
    assert schemas["OpenFacility"]["examples"] and schemas["FacilityStatistics"]["examples"]
    assert "400" in document["paths"]["/api/open/v1/facilities"]["get"]["responses"]
