"""The relocation page: the roster read from the real registry app over HTTP, beside the relocation records."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from eldersafe_common.http import ServiceClient
from eldersafe_registry.models import Resident
from tests.conftest import DISTRICT
from tests.services.registry.helpers import add_facility
from tests.support.registry_events import register

from .support import campaign, drain, plan_body, relocated


def url(facility_id: str) -> str:
    return f"/api/rectification/facilities/{facility_id}/relocation"


def roster(session: Session, facility_id: str) -> list[Resident]:
    return list(session.exec(select(Resident).where(col(Resident.facility_id) == facility_id)
                             .order_by(col(Resident.name))))


def test_the_page_joins_the_registry_roster_and_the_records(session: Session, client: TestClient,
                                                            registry: ServiceClient, auth: Any,
                                                            make_token: Any) -> None:
    facility = add_facility(session, name="松鹤颐养院", residents=4, licensed_beds=50)
    campaign(session, facility.id)
    drain(session)
    assert client.put(f"/api/rectification/facilities/{facility.id}/plan", json=plan_body(),
                      headers=auth("civil_affairs", "staff")).status_code == 201
    moved, by_hand, staying, long_gone = roster(session, facility.id)
    token = make_token("civil_affairs", "staff")
    path = f"/api/registry/facilities/{facility.id}/residents"
    # Long before the plan: no part of this relocation. Today, by hand, without a record: shown, so the gap shows.
    assert registry.request("DELETE", f"{path}/{long_gone.id}", token=token,
                            json={"destination": "回家", "moved_out_on": "2024-01-01"}).status_code == 200
    for resident in (moved, by_hand):
        assert registry.request("DELETE", f"{path}/{resident.id}", token=token,
                                json={"destination": "竹园老年公寓"}).status_code == 200
    relocated(session, facility.id, moved.id, name=moved.name, confirmed_by_name="院长张某")
    drain(session)

    response = client.get(url(facility.id), headers=auth("civil_affairs", "staff"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert {key: body[key] for key in ("facility_id", "facility_name", "status", "plan_state", "decision", "total",
                                       "relocated", "remaining", "completed", "completed_at")} == {
        "facility_id": facility.id, "facility_name": "松鹤颐养院", "status": "operating", "plan_state": "draft",
        "decision": "suspend", "total": 3, "relocated": 1, "remaining": 1, "completed": False, "completed_at": None}
    rows = {row["resident_id"]: row for row in body["residents"]}
    assert set(rows) == {moved.id, by_hand.id, staying.id}
    assert rows[moved.id]["relocation"] == {
        "destination_kind": "facility", "receiving_facility_id": None, "receiving_facility_name": "竹园老年公寓",
        "destination": "竹园老年公寓", "moved_on": "2026-03-05", "confirmed_by_name": "院长张某"}
    assert (rows[by_hand.id]["active"], rows[by_hand.id]["relocation"]) == (False, None)
    assert (rows[staying.id]["active"], rows[staying.id]["relocation"]) == (True, None)
    # The registry masks identity numbers; the page shows what it was given.
    assert rows[staying.id]["id_number"] != staying.id_number and rows[staying.id]["id_number"].endswith(
        staying.id_number[-4:])


def test_every_page_of_a_long_roster_is_read(session: Session, client: TestClient, registry: ServiceClient,
                                             auth: Any) -> None:
    facility = add_facility(session, residents=205, licensed_beds=300)
    drain(session)
    body = client.get(url(facility.id), headers=auth("task_force", "leader")).json()
    assert (body["total"], body["remaining"], body["relocated"], body["plan_state"]) == (205, 205, 0, None)
    assert len({row["resident_id"] for row in body["residents"]}) == 205


def test_the_facility_manager_sees_their_own_roster(session: Session, client: TestClient, registry: ServiceClient,
                                                    auth: Any) -> None:
    facility = add_facility(session, residents=1, licensed_beds=5)
    drain(session)
    own = auth("facility", "manager", area=facility.area_code, facility=facility.id)
    assert client.get(url(facility.id), headers=own).json()["total"] == 1
    other = auth("facility", "manager", area=facility.area_code, facility=str(uuid.uuid4()))
    assert client.get(url(facility.id), headers=other).status_code == 404


def test_a_facility_the_registry_does_not_know_answers_404(session: Session, client: TestClient,
                                                           registry: ServiceClient, auth: Any) -> None:
    ghost = str(uuid.uuid4())
    register(session, ghost, "幽灵院")
    drain(session)
    response = client.get(url(ghost), headers=auth("civil_affairs", "staff"))
    assert (response.status_code, response.json()["code"]) == (404, "facility_not_found")


def test_registry_down_is_a_503_problem(session: Session, client: TestClient, registry_down: None,
                                        auth: Any) -> None:
    facility_id = str(uuid.uuid4())
    register(session, facility_id, "松鹤颐养院")
    drain(session)
    response = client.get(url(facility_id), headers=auth("civil_affairs", "staff"))
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "upstream_unavailable"


def test_outside_the_area_the_registry_is_not_even_asked(session: Session, client: TestClient, registry_down: None,
                                                         auth: Any) -> None:
    facility_id = str(uuid.uuid4())
    register(session, facility_id, "松鹤颐养院")
    drain(session)
    outside = auth("community", "officer", area=DISTRICT + "002001")
    assert client.get(url(facility_id), headers=outside).status_code == 404
    assert client.get(url(str(uuid.uuid4())), headers=auth("civil_affairs", "staff")).status_code == 404
