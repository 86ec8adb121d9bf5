from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from eldersafe_registry.models import Facility, FacilityStatusChange
from tests.services.registry.helpers import (
    COMMUNITY,
    OTHER_COMMUNITY,
    OTHER_SUBDISTRICT,
    SUBDISTRICT,
    World,
    add_facility,
    approve_plan,
    events,
    facility_body,
    vacate,
)

URL = "/api/registry/facilities"


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


# --- list -------------------------------------------------------------------------------------------------


def test_list_is_limited_to_the_callers_area(client: TestClient, world: World, civil: dict, auth: Any) -> None:
    assert set(names(client.get(URL, headers=civil))) == {"松鹤颐养院", "竹园老年公寓", "福星敬老院"}
    assert set(names(client.get(URL, headers=auth("subdistrict", "officer", area=SUBDISTRICT)))) == {
        "松鹤颐养院", "竹园老年公寓"}
    manager = auth("facility", "manager", area=COMMUNITY, facility=world.own.id)
    assert names(client.get(URL, headers=manager)) == ["松鹤颐养院"]
    assert names(client.get(URL, headers=auth("facility", "manager", area=COMMUNITY))) == []


@pytest.mark.parametrize("query, expected", [
    ({"q": "福星"}, ["福星敬老院"]),
    ({"q": "测试路"}, ["福星敬老院", "松鹤颐养院", "竹园老年公寓"]),
    ({"q": "%"}, []),
    ({"subdistrict_code": OTHER_SUBDISTRICT}, ["福星敬老院"]),
    ({"community_code": COMMUNITY}, ["松鹤颐养院", "竹园老年公寓"]),
    ({"ownership": "public"}, ["竹园老年公寓"]),
    ({"status": "suspended"}, []),
    ({"sort": "licensed_beds"}, ["竹园老年公寓", "松鹤颐养院", "福星敬老院"]),
    ({"sort": "-licensed_beds"}, ["福星敬老院", "松鹤颐养院", "竹园老年公寓"]),
])
def test_filters_and_sort(client: TestClient, world: World, civil: dict, query: dict, expected: list[str]) -> None:
    sort = query.get("sort")
    got = names(client.get(URL, headers=civil, params=query))
    assert (got if sort else sorted(got)) == (expected if sort else sorted(expected))


def test_residents_count_sort_and_pagination(client: TestClient, session: Session, world: World,
                                             civil: dict) -> None:
    add_facility(session, name="大院", residents=3, licensed_beds=5)
    assert names(client.get(URL, headers=civil, params={"sort": "-residents_count", "page_size": 1})) == ["大院"]
    seen = []
    for page in (1, 2, 3):
        body = client.get(URL, headers=civil, params={"page": page, "page_size": 2, "sort": "name"}).json()
        assert body["total"] == 4 and body["page"] == page and body["page_size"] == 2
        seen += [item["name"] for item in body["items"]]
    assert len(seen) == 4 and len(set(seen)) == 4


@pytest.mark.parametrize("params", [{"page": 0}, {"page": 10**12}, {"page_size": 0}, {"page_size": 101},
                                    {"sort": "uscc"}, {"status": "closed"}, {"community_code": "abc"},
                                    {"q": "x" * 101}, {"page": "one"}])
def test_bad_list_parameters_answer_422(client: TestClient, civil: dict, params: dict) -> None:
    response = client.get(URL, headers=civil, params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


# --- create -----------------------------------------------------------------------------------------------


def test_create_registers_and_announces(client: TestClient, session: Session, world: World, civil: dict) -> None:
    body = facility_body(uscc=facility_body()["uscc"].lower())
    response = client.post(URL, headers=civil, json=body)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["uscc"] == body["uscc"].upper()
    assert created["area_code"] == COMMUNITY and created["residents_count"] == 0 and created["status"] == "operating"
    assert created["building"]["structure"] == "brick_concrete" and created["version"] == 1
    (event,) = events(session, subject=f"facility:{created['id']}")
    assert event.type == "facility.registered" and event.producer == "registry" and event.version == 1
    assert event.payload == {
        "facility_id": created["id"], "name": body["name"], "uscc": created["uscc"], "ownership": "private",
        "address": body["address"], "subdistrict_code": SUBDISTRICT, "community_code": COMMUNITY,
        "area_code": COMMUNITY, "latitude": 47.33, "longitude": 130.26, "legal_representative": "测试法人",
        "legal_representative_phone": "13900009999", "manager": "测试负责人", "manager_phone": "13700009999",
        "licensed_beds": 10, "residents_count": 0, "status": "operating",
    }
    assert client.get(f"{URL}/{created['id']}", headers=civil).json()["name"] == body["name"]


def _rejected(response: Any, status: int, field: str | None = None) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    if field:
        assert field in [e["field"] for e in response.json()["errors"]], response.json()


@pytest.mark.parametrize("overrides, field", [
    ({"uscc": "52999001A4C123B10G"}, "body.uscc"),
    ({"uscc": "52999001A4C123B1OF"}, "body.uscc"),
    ({"licensed_beds": -1}, "body.licensed_beds"),
    ({"licensed_beds": 10**15}, "body.licensed_beds"),
    ({"licensed_beds": "10"}, "body.licensed_beds"),
    ({"licensed_beds": True}, "body.licensed_beds"),
    ({"latitude": 91}, "body.latitude"),
    ({"name": "养老院\x00"}, None),
    ({"name": "院" * 201}, "body.name"),
    ({"name": ""}, "body.name"),
    ({"ownership": "state"}, "body.ownership"),
    ({"manager_phone": "call me"}, "body.manager_phone"),
    ({"residents_count": 5}, "body.residents_count"),
    ({"community_code": "999001009001"}, "body.community_code"),
    ({"subdistrict_code": "999001009"}, "body.subdistrict_code"),
    ({"community_code": OTHER_COMMUNITY}, "body.community_code"),
    ({"building": {"floors": 10**9}}, "body.building.floors"),
    ({"building": {"structure": "straw"}}, "body.building.structure"),
])
def test_bad_facility_input_is_refused_and_changes_nothing(client: TestClient, session: Session, world: World,
                                                           civil: dict, overrides: dict, field: str | None) -> None:
    before = len(events(session))
    _rejected(client.post(URL, headers=civil, json=facility_body(**overrides)), 422, field)
    assert len(events(session)) == before


def test_duplicate_uscc_is_409(client: TestClient, session: Session, world: World, civil: dict) -> None:
    response = client.post(URL, headers=civil, json=facility_body(uscc=world.own.uscc))
    _rejected(response, 409)
    assert response.json()["code"] == "uscc_taken"


def test_malformed_json_is_400(client: TestClient, civil: dict) -> None:
    response = client.post(URL, headers={**civil, "content-type": "application/json"}, content=b'{"name": ')
    _rejected(response, 400)


def test_bad_ids_are_422_and_unknown_ids_404(client: TestClient, civil: dict) -> None:
    _rejected(client.get(f"{URL}/12345678901234567890", headers=civil), 422)
    _rejected(client.get(f"{URL}/00000000-0000-0000-0000-000000000000", headers=civil), 404)


def test_a_token_is_required(client: TestClient) -> None:
    _rejected(client.get(URL), 401)


# --- update -----------------------------------------------------------------------------------------------


def test_update_announces_changed_snapshot_fields(client: TestClient, session: Session, world: World,
                                                  civil: dict) -> None:
    url = f"{URL}/{world.own.id}"
    response = client.patch(url, headers=civil, json={"manager": "新负责人", "building": {"floors": 4},
                                                      "version": 1})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["manager"] == "新负责人" and body["building"]["floors"] == 4 and body["version"] == 2
    assert body["building"]["height_m"] == 9.5  # untouched building facts stay
    (event,) = events(session, subject=f"facility:{world.own.id}", type_="facility.updated")
    assert event.payload["changed"] == ["manager"] and event.payload["manager"] == "新负责人"
    _rejected(client.patch(url, headers=civil, json={"manager": "又一个", "version": 1}), 409)


def test_update_moves_the_area(client: TestClient, world: World, civil: dict) -> None:
    url = f"{URL}/{world.own.id}"
    _rejected(client.patch(url, headers=civil, json={"community_code": OTHER_COMMUNITY}), 422,
              "body.community_code")
    response = client.patch(url, headers=civil, json={"subdistrict_code": OTHER_SUBDISTRICT,
                                                      "community_code": OTHER_COMMUNITY})
    assert response.json()["area_code"] == OTHER_COMMUNITY


@pytest.mark.parametrize("body, status", [({"name": None}, 422), ({"licensed_beds": -5}, 422),
                                          ({"unknown": 1}, 422), ({"version": 0}, 422)])
def test_bad_updates(client: TestClient, world: World, civil: dict, body: dict, status: int) -> None:
    _rejected(client.patch(f"{URL}/{world.own.id}", headers=civil, json=body), status)


def test_uscc_of_another_facility_is_409(client: TestClient, world: World, civil: dict) -> None:
    response = client.patch(f"{URL}/{world.own.id}", headers=civil, json={"uscc": world.sibling.uscc})
    _rejected(response, 409)


def test_fewer_beds_than_residents_needs_a_reason(client: TestClient, session: Session, civil: dict,
                                                  world: World) -> None:
    facility = add_facility(session, residents=3, licensed_beds=5)
    url = f"{URL}/{facility.id}"
    _rejected(client.patch(url, headers=civil, json={"licensed_beds": 2}), 422, "body.over_capacity_reason")
    response = client.patch(url, headers=civil, json={"licensed_beds": 2, "over_capacity_reason": "床位核减，分批安置"})
    assert response.status_code == 200 and response.json()["capacity_note"] == "床位核减，分批安置"


# --- status -----------------------------------------------------------------------------------------------


def test_status_change_records_history_and_event(client: TestClient, session: Session, world: World,
                                                 civil: dict) -> None:
    approve_plan(session, world.own, "suspend")
    vacate(session, world.own)
    url = f"{URL}/{world.own.id}/status"
    response = client.post(url, headers=civil, json={"status": "suspended", "reason": "消防通道堵塞，停业整顿"})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "suspended"
    (event,) = events(session, subject=f"facility:{world.own.id}", type_="facility.status_changed")
    assert event.payload == {"facility_id": world.own.id, "area_code": COMMUNITY, "from_status": "operating",
                             "to_status": "suspended", "reason": "消防通道堵塞，停业整顿",
                             "changed_by": "test-civil_affairs-staff"}
    history = client.get(f"{URL}/{world.own.id}/status-history", headers=civil).json()
    assert [(h["from_status"], h["to_status"]) for h in history] == [(None, "operating"), ("operating", "suspended")]


@pytest.mark.parametrize("body", [{"status": "suspended"}, {"status": "suspended", "reason": "  "},
                                  {"status": "closed", "reason": "x"}])
def test_status_needs_a_known_status_and_a_reason(client: TestClient, world: World, civil: dict, body: dict) -> None:
    _rejected(client.post(f"{URL}/{world.own.id}/status", headers=civil, json=body), 422)


def test_status_transitions(client: TestClient, session: Session, civil: dict, world: World) -> None:
    empty = add_facility(session, residents=0)
    approve_plan(session, empty, "shutdown")
    url = f"{URL}/{empty.id}/status"

    def move(status: str) -> Any:
        return client.post(url, headers=civil, json={"status": status, "reason": "测试"})

    assert move("operating").json()["code"] == "status_unchanged"
    assert move("deregistered").json()["code"] == "transition_not_allowed"
    assert move("shut_down").status_code == 200
    assert move("operating").status_code == 409
    assert move("deregistered").status_code == 200
    for status in ("operating", "suspended", "shut_down"):
        assert move(status).status_code == 409  # deregistration is final
    assert session.get(Facility, empty.id).status == "deregistered"  # type: ignore[union-attr]


def test_closing_needs_every_resident_relocated(client: TestClient, session: Session, world: World,
                                                civil: dict) -> None:
    approve_plan(session, world.own, "shutdown")
    before = len(events(session))
    response = client.post(f"{URL}/{world.own.id}/status", headers=civil, json={"status": "shut_down", "reason": "x"})
    assert response.status_code == 409 and response.json()["code"] == "residents_not_relocated"
    assert "1 remain" in response.json()["detail"]
    assert len(events(session)) == before
    assert len(session.exec(select(FacilityStatusChange)).all()) == 4  # the four registrations only


# --- readiness --------------------------------------------------------------------------------------------


def test_readiness_is_replaced(client: TestClient, world: World, auth: Any) -> None:
    manager = auth("facility", "manager", area=COMMUNITY, facility=world.own.id)
    body = {"emergency_plan_date": "2026-01-15", "last_drill_date": "2025-10-10", "micro_fire_station": True,
            "extinguishers": 40, "evacuation_tools": True, "notes": "每月演练"}
    response = client.put(f"{URL}/{world.own.id}/readiness", headers=manager, json=body)
    assert response.status_code == 200, response.text
    readiness = response.json()["readiness"]
    assert readiness["extinguishers"] == 40 and readiness["last_drill_date"] == "2025-10-10"
    assert readiness["updated_by"] == "Test facility manager"


@pytest.mark.parametrize("change", [{"extinguishers": -1}, {"extinguishers": 10**10}, {"last_drill_date": "2999-01-01"},
                                    {"last_drill_date": "15/01/2026"}, {"micro_fire_station": "yes"},
                                    {"last_drill_date": 20260115}])
def test_bad_readiness(client: TestClient, world: World, civil: dict, change: dict) -> None:
    body = {"micro_fire_station": True, "extinguishers": 4, "evacuation_tools": False, **change}
    _rejected(client.put(f"{URL}/{world.own.id}/readiness", headers=civil, json=body), 422)
