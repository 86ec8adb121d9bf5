from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_rectification.supervision.models import SupervisionOrder
from eldersafe_rectification.supervision.service import on_hazard_signed_off
from tests.conftest import COMMUNITY, SUBDISTRICT

from .support import (
    FA,
    FB,
    FC,
    OTHER_SUBDISTRICT,
    TODAY,
    URL,
    Clock,
    add_hazard,
    body,
    events_of,
    sign_off,
    world,
)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch, TODAY)


@pytest.fixture
def seeded(session: Session, clock: Clock) -> Session:
    world(session)
    return session


def issue(client: TestClient, auth, position: str = "leader", **fields: object) -> dict:
    response = client.post(URL, json=body(**fields), headers=auth("task_force", position))
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize(("role", "position"), [("task_force", "member"), ("civil_affairs", "head"),
                                                ("fire", "head"), ("admin", "staff"), ("city_platform", "client")])
def test_only_leader_or_deputy_issue(seeded: Session, client: TestClient, auth, role: str, position: str) -> None:
    hazard = add_hazard(seeded, FA)
    response = client.post(URL, json=body(hazard_ids=[hazard]), headers=auth(role, position))
    assert response.status_code == 403
    assert response.json()["code"] == "role_forbidden"


def test_leader_and_deputy_issue_with_event(seeded: Session, client: TestClient, auth) -> None:
    h1, h2 = add_hazard(seeded, FA), add_hazard(seeded, FA, item_code="XF-02")
    order = issue(client, auth, hazard_ids=[h1, h2], level="city")
    assert (order["state"], order["level"], order["target"], order["facility_id"], order["facility_name"]) == (
        "open", "city", "hazards", FA, "甲院")
    assert order["hazard_ids"] == [h1, h2] and order["area_code"] == COMMUNITY
    assert order["issued_by"] == "test-task_force-leader" and order["deadline"] == "2026-03-20"
    (event,) = events_of(seeded, order["id"])
    assert (event.type, event.producer) == ("supervision_order.issued", "rectification")
    assert event.payload == {
        "order_id": order["id"], "number": order["number"], "level": "city", "facility_id": FA,
        "area_code": COMMUNITY, "hazard_ids": [h1, h2], "supervisor_name": "王督办", "deadline": "2026-03-20",
        "state": "open", "issued_by": "test-task_force-leader"}
    deputy = issue(client, auth, "deputy", hazard_ids=[h1])
    assert deputy["issued_by"] == "test-task_force-deputy"


def test_facility_target_covers_its_open_hazards(seeded: Session, client: TestClient, auth) -> None:
    open1, open2 = add_hazard(seeded, FA), add_hazard(seeded, FA, state="in_progress", item_code="XF-02")
    add_hazard(seeded, FA, state="signed_off", item_code="XF-03")
    add_hazard(seeded, FB)
    order = issue(client, auth, facility_id=FA)
    assert order["target"] == "facility" and sorted(order["hazard_ids"]) == sorted([open1, open2])
    response = client.post(URL, json=body(facility_id=FB.replace("b", "d")), headers=auth("task_force", "leader"))
    # A made-up facility in the body is invalid input naming the field, not a missing resource.
    assert (response.status_code, response.json()["code"]) == (422, "facility_not_found")
    assert [e["field"] for e in response.json()["errors"]] == ["body.facility_id"]


def test_facility_without_open_hazards_is_a_conflict(seeded: Session, client: TestClient, auth) -> None:
    add_hazard(seeded, FB, state="signed_off")
    response = client.post(URL, json=body(facility_id=FB), headers=auth("task_force", "leader"))
    assert response.status_code == 409 and response.json()["code"] == "no_open_hazards"


def test_outside_the_area_is_404(seeded: Session, client: TestClient, auth) -> None:
    ours, theirs = add_hazard(seeded, FA), add_hazard(seeded, FC, area_code=OTHER_SUBDISTRICT + "001")
    narrow = auth("task_force", "leader", area=OTHER_SUBDISTRICT)
    # Hazards and facilities named in the body that lie outside the area answer as unknown ones: 422 on the field.
    response = client.post(URL, json=body(hazard_ids=[ours]), headers=narrow)
    assert response.status_code == 422 and response.json()["code"] == "hazard_not_found"
    assert client.post(URL, json=body(facility_id=FA), headers=narrow).status_code == 422
    assert client.post(URL, json=body(hazard_ids=[theirs]), headers=narrow).status_code == 201
    unknown = "0f0e0d0c-0000-4000-8000-0000000000ff"
    response = client.post(URL, json=body(hazard_ids=[ours, unknown]), headers=auth("task_force", "leader"))
    assert response.status_code == 422
    assert [(e["field"], e["reason"]) for e in response.json()["errors"]] == [
        ("body.hazard_ids", f"unknown hazard {unknown}")]
    order = issue(client, auth, hazard_ids=[ours])
    assert client.get(f"{URL}/{order['id']}", headers=auth("subdistrict", "officer", area=SUBDISTRICT)) \
        .status_code == 200
    for headers in (auth("subdistrict", "officer", area=OTHER_SUBDISTRICT),
                    auth("facility", "manager", area=COMMUNITY, facility=FB)):
        assert client.get(f"{URL}/{order['id']}", headers=headers).status_code == 404
    assert client.post(f"{URL}/{order['id']}/close", headers=narrow).status_code == 404


def test_input_rules(seeded: Session, client: TestClient, auth) -> None:
    hazard, done = add_hazard(seeded, FA), add_hazard(seeded, FA, state="signed_off")
    leader = auth("task_force", "leader")
    response = client.post(URL, json=body(hazard_ids=[hazard], deadline="2026-03-09"), headers=leader)
    assert response.status_code == 422 and response.json()["code"] == "deadline_in_past"
    assert client.post(URL, json=body(hazard_ids=[hazard], deadline="2026-03-10"), headers=leader).status_code == 201
    response = client.post(URL, json=body(hazard_ids=[hazard, done]), headers=leader)
    assert response.status_code == 409 and response.json()["code"] == "hazard_signed_off"
    for bad in (body(hazard_ids=[hazard], facility_id=FA), body(), body(hazard_ids=[]),
                body(hazard_ids=[hazard], level="province"), body(hazard_ids=["not-a-uuid"])):
        assert client.post(URL, json=bad, headers=leader).status_code == 422, bad
    other = add_hazard(seeded, FB)
    response = client.post(URL, json=body(hazard_ids=[hazard, other]), headers=leader)
    assert response.status_code == 422 and response.json()["code"] == "hazards_span_facilities"


def test_numbers_are_sequential_and_unique_per_year(seeded: Session, client: TestClient, auth, clock: Clock) -> None:
    hazard = add_hazard(seeded, FA)
    numbers = [issue(client, auth, hazard_ids=[hazard])["number"] for _ in range(3)]
    assert numbers == ["DB-2026-0001", "DB-2026-0002", "DB-2026-0003"]
    clock.set(TODAY.replace(year=2027))
    assert issue(client, auth, hazard_ids=[hazard], deadline="2027-04-01")["number"] == "DB-2027-0001"
    clock.set(TODAY)
    assert issue(client, auth, hazard_ids=[hazard])["number"] == "DB-2026-0004"


def test_closing_by_hand_only_when_all_signed_off(seeded: Session, client: TestClient, auth) -> None:
    h1, h2 = add_hazard(seeded, FA), add_hazard(seeded, FA, item_code="XF-02")
    order = issue(client, auth, hazard_ids=[h1, h2])
    close = f"{URL}/{order['id']}/close"
    response = client.post(close, headers=auth("task_force", "leader"))
    assert response.status_code == 409 and response.json()["code"] == "hazards_not_signed_off"
    sign_off(seeded, h1)
    assert client.post(close, headers=auth("task_force", "leader")).status_code == 409
    sign_off(seeded, h2)
    assert client.post(close, headers=auth("task_force", "member")).status_code == 403
    response = client.post(close, headers=auth("task_force", "deputy"))
    assert response.status_code == 200
    closed = response.json()
    assert closed["state"] == "closed" and closed["closed_by"] == "test-task_force-deputy" and closed["closed_at"]
    assert [e.type for e in events_of(seeded, order["id"])] == ["supervision_order.issued",
                                                                 "supervision_order.closed"]
    assert events_of(seeded, order["id"])[1].payload["state"] == "closed"
    response = client.post(close, headers=auth("task_force", "leader"))
    assert response.status_code == 409 and response.json()["code"] == "supervision_order_closed"


def test_last_sign_off_closes_the_order(seeded: Session, client: TestClient, auth) -> None:
    h1, h2, h3 = add_hazard(seeded, FA), add_hazard(seeded, FA, item_code="XF-02"), add_hazard(seeded, FA)
    both = issue(client, auth, hazard_ids=[h1, h2])
    third = issue(client, auth, hazard_ids=[h3])
    assert on_hazard_signed_off(seeded, hazard=sign_off(seeded, h1)) == []
    assert seeded.get(SupervisionOrder, both["id"]).state == "open"
    closed = on_hazard_signed_off(seeded, hazard=sign_off(seeded, h2))
    assert [o.id for o in closed] == [both["id"]]
    order = client.get(f"{URL}/{both['id']}", headers=auth("fire", "staff")).json()
    assert order["state"] == "closed" and order["closed_by"] == "system"
    (_, event) = events_of(seeded, both["id"])
    assert event.type == "supervision_order.closed" and event.payload["hazard_ids"] == [h1, h2]
    assert client.get(f"{URL}/{third['id']}", headers=auth("fire", "staff")).json()["state"] == "open"
    assert len(events_of(seeded, third["id"])) == 1


def test_board_lights_follow_china_dates(seeded: Session, client: TestClient, auth, clock: Clock) -> None:
    hazard = add_hazard(seeded, FA)
    for days in (1, 5, 6, 7):
        issue(client, auth, hazard_ids=[hazard], deadline=(TODAY + timedelta(days=days)).isoformat())
    clock.set(TODAY + timedelta(days=3))
    board = client.get(URL, headers=auth("task_force", "member")).json()
    assert [(o["deadline"], o["light"]) for o in board["items"]] == [
        ("2026-03-11", "red"), ("2026-03-15", "yellow"), ("2026-03-16", "yellow"), ("2026-03-17", "green")]
    clock.set(TODAY + timedelta(days=7))
    board = client.get(URL, headers=auth("task_force", "member")).json()
    assert [o["light"] for o in board["items"]] == ["red", "red", "red", "yellow"]


def test_board_filters_and_scope(seeded: Session, client: TestClient, auth) -> None:
    a, b = add_hazard(seeded, FA), add_hazard(seeded, FB)
    c = add_hazard(seeded, FC, area_code=OTHER_SUBDISTRICT + "001")
    oa = issue(client, auth, hazard_ids=[a])
    ob = issue(client, auth, hazard_ids=[b], level="city")
    oc = issue(client, auth, hazard_ids=[c])
    sign_off(seeded, a)
    client.post(f"{URL}/{oa['id']}/close", headers=auth("task_force", "leader")).raise_for_status()

    def ids(headers: dict, **params: str) -> list[str]:
        response = client.get(URL, params=params, headers=headers)
        assert response.status_code == 200, response.text
        return sorted(o["id"] for o in response.json()["items"])

    district = auth("civil_affairs", "staff")
    assert ids(district) == sorted([oa["id"], ob["id"], oc["id"]])
    assert ids(district, state="open") == sorted([ob["id"], oc["id"]])
    assert ids(district, level="city") == [ob["id"]]
    assert ids(district, facility_id=FA) == [oa["id"]]
    assert ids(district, area=SUBDISTRICT) == sorted([oa["id"], ob["id"]])
    assert ids(auth("community", "officer", area=COMMUNITY)) == sorted([oa["id"], ob["id"]])
    assert ids(auth("community", "officer", area=COMMUNITY), area=OTHER_SUBDISTRICT) == []
    assert ids(auth("facility", "manager", area=COMMUNITY, facility=FB)) == [ob["id"]]
    assert ids(auth("facility", "manager", area=COMMUNITY, facility=FB), facility_id=FA) == []
    assert client.get(URL, headers=auth("city_platform", "client")).status_code == 403
    assert client.get(URL, params={"status": "open"}, headers=district).status_code == 422
    assert client.get(URL, params={"state": "gone"}, headers=district).status_code == 422
    # A filter given twice would keep its last value and quietly widen or narrow the board: refused, named.
    twice = client.get(f"{URL}?state=open&state=closed", headers=district)
    assert twice.status_code == 422
    assert twice.json()["errors"] == [{"field": "query.state", "reason": "given more than once; send one value"}]
