from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_registry.models import Facility, Resident
from tests.services.registry.helpers import (
    COMMUNITY,
    World,
    add_facility,
    approve_plan,
    events,
    make_id_number,
    resident_body,
    vacate,
)

FACILITIES = "/api/registry/facilities"


def roster_url(facility: Facility) -> str:
    return f"{FACILITIES}/{facility.id}/residents"


def test_admitting_counts_masks_and_announces(client: TestClient, session: Session, world: World,
                                              civil: dict) -> None:
    body = resident_body()
    response = client.post(roster_url(world.own), headers=civil, json=body)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["id_number"] == body["id_number"][:6] + "********" + body["id_number"][-4:]
    assert body["id_number"] not in response.text
    assert created["active"] is True
    facility = client.get(f"{FACILITIES}/{world.own.id}", headers=civil).json()
    assert facility["residents_count"] == 2
    (event,) = events(session, subject=f"facility:{world.own.id}", type_="facility.updated")
    assert event.payload["changed"] == ["residents_count"] and event.payload["residents_count"] == 2
    listed = client.get(roster_url(world.own), headers=civil).json()
    assert listed["total"] == 2
    assert all("*" in item["id_number"] for item in listed["items"])


def test_moving_out_keeps_the_record(client: TestClient, session: Session, world: World, civil: dict) -> None:
    resident = world.resident_of(session, world.own)
    url = f"{roster_url(world.own)}/{resident.id}"
    move_out = {"destination": "福星敬老院", "moved_out_on": "2025-06-01"}
    response = client.request("DELETE", url, headers=civil, json=move_out)
    assert response.status_code == 200, response.text
    assert response.json()["active"] is False and response.json()["move_out_destination"] == "福星敬老院"
    assert session.get(Resident, resident.id) is not None
    assert client.get(f"{FACILITIES}/{world.own.id}", headers=civil).json()["residents_count"] == 0
    assert client.get(roster_url(world.own), headers=civil).json()["total"] == 0
    assert client.get(roster_url(world.own), headers=civil, params={"include_moved_out": True}).json()["total"] == 1
    again = client.request("DELETE", url, headers=civil, json={"destination": "家中"})
    assert again.status_code == 409


@pytest.mark.parametrize("decision, refused", [("suspend", True), ("shutdown", True), ("rectify", False)])
def test_a_closing_facility_records_departures_as_relocations(client: TestClient, session: Session, world: World,
                                                              civil: dict, decision: str, refused: bool) -> None:
    resident = world.resident_of(session, world.own)
    approve_plan(session, world.own, decision)
    url = f"{roster_url(world.own)}/{resident.id}"
    response = client.request("DELETE", url, headers=civil, json={"destination": "家中"})
    if refused:
        assert response.status_code == 409 and response.json()["code"] == "relocation_required"
        assert session.get(Resident, resident.id).moved_out_on is None  # type: ignore[union-attr]
    else:
        assert response.status_code == 200, response.text


def test_full_facility_needs_a_reason(client: TestClient, session: Session, world: World, civil: dict) -> None:
    full = add_facility(session, residents=2, licensed_beds=2)
    before = len(events(session))
    response = client.post(roster_url(full), headers=civil, json=resident_body())
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["body.over_capacity_reason"]
    assert len(events(session)) == before
    response = client.post(roster_url(full), headers=civil,
                           json=resident_body(over_capacity_reason="临时安置福星敬老院迁出老人"))
    assert response.status_code == 201
    assert client.get(f"{FACILITIES}/{full.id}", headers=civil).json()["residents_count"] == 3


def test_one_person_lives_in_one_facility(client: TestClient, world: World, civil: dict) -> None:
    body = resident_body()
    assert client.post(roster_url(world.own), headers=civil, json=body).status_code == 201
    response = client.post(roster_url(world.sibling), headers=civil, json=body)
    assert response.status_code == 409 and response.json()["code"] == "resident_already_active"


def test_a_suspended_facility_admits_nobody(client: TestClient, session: Session, world: World,
                                            civil: dict) -> None:
    approve_plan(session, world.own, "suspend")
    vacate(session, world.own)
    suspended = client.post(f"{FACILITIES}/{world.own.id}/status", headers=civil,
                            json={"status": "suspended", "reason": "整顿"})
    assert suspended.status_code == 200, suspended.text
    response = client.post(roster_url(world.own), headers=civil, json=resident_body())
    assert response.status_code == 409 and response.json()["code"] == "facility_not_operating"


def test_correcting_a_resident(client: TestClient, session: Session, world: World, auth: Any) -> None:
    manager = auth("facility", "manager", area=COMMUNITY, facility=world.own.id)
    resident = world.resident_of(session, world.own)
    url = f"{roster_url(world.own)}/{resident.id}"
    response = client.patch(url, headers=manager, json={"care_level": "dependent", "id_number": make_id_number()})
    assert response.status_code == 200, response.text
    assert response.json()["care_level"] == "dependent"
    assert client.patch(url, headers=manager, json={"name": None}).status_code == 422
    other = world.resident_of(session, world.sibling)
    assert client.patch(f"{roster_url(world.own)}/{other.id}", headers=manager, json={}).status_code == 404


@pytest.mark.parametrize("change, field", [
    ({"id_number": "110105194912310021"}, "body.id_number"),
    ({"id_number": "11010519491231002"}, "body.id_number"),
    ({"care_level": "bedridden"}, "body.care_level"),
    ({"admitted_on": "2999-01-01"}, "body.admitted_on"),
    ({"admitted_on": "yesterday"}, "body.admitted_on"),
    ({"name": "张\x00三"}, None),
    ({"guardian_phone": "1" * 40}, "body.guardian_phone"),
    ({"extra": True}, "body.extra"),
])
def test_bad_resident_input(client: TestClient, session: Session, world: World, civil: dict, change: dict,
                            field: str | None) -> None:
    before = len(events(session))
    response = client.post(roster_url(world.own), headers=civil, json=resident_body(**change))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    if field:
        assert field in [e["field"] for e in response.json()["errors"]]
    assert len(events(session)) == before
