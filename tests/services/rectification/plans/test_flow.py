"""The whole of P6 across both real apps in one transaction: classify, plan, approve, relocate, stop, complete."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from eldersafe_common import clock
from eldersafe_common.http import ServiceClient
from eldersafe_registry.consumers import consumers as registry_consumers
from eldersafe_registry.models import Resident
from tests.services.registry.helpers import add_facility

from .support import campaign, classify, drain, events, plan_body


def registry_drain(session: Session) -> None:
    for consumer in registry_consumers():
        consumer.drain(session)
    session.commit()


def test_a_facility_is_emptied_and_shut_down_under_its_approved_plan(
        session: Session, client: TestClient, registry: ServiceClient, auth: Any, make_token: Any) -> None:
    closing = add_facility(session, name="松鹤颐养院", residents=2, licensed_beds=30)
    receiving = add_facility(session, name="竹园老年公寓", residents=0, licensed_beds=20, latitude=47.34)
    campaign(session, closing.id, receiving.id)
    classify(session, closing.id, "shutdown", area_code=closing.area_code)
    classify(session, receiving.id, "pass", area_code=receiving.area_code)
    drain(session)
    rect = f"/api/rectification/facilities/{closing.id}"
    civil = auth("civil_affairs", "staff")
    token = make_token("civil_affairs", "staff")
    registry_path = f"/api/registry/facilities/{closing.id}"

    # Classification started the draft; the task force completes it and the leader approves it.
    draft = client.get(f"{rect}/plan", headers=civil).json()
    assert (draft["state"], draft["decision"]) == ("draft", "shutdown")
    assert client.put(f"{rect}/plan", json=plan_body(decision="shutdown", version=draft["version"]),
                      headers=civil).status_code == 200
    assert client.post(f"{rect}/plan/approve", json={}, headers=auth("task_force", "leader")).status_code == 200
    registry_drain(session)

    # The registry will not close a facility while anyone lives there.
    refused = registry.request("POST", f"{registry_path}/status", token=token,
                               json={"status": "shut_down", "reason": "一院一策：关停"})
    assert (refused.status_code, refused.json()["code"]) == (409, "residents_not_relocated")

    [suggested] = client.get(f"{rect}/relocation/suggestions", headers=civil).json()["items"]
    assert suggested["facility_id"] == receiving.id
    first, second = session.exec(select(Resident).where(col(Resident.facility_id) == closing.id)
                                 .order_by(col(Resident.name))).all()
    today = clock.china_today().isoformat()
    for resident, body in ((first, {"destination_kind": "facility", "receiving_facility_id": receiving.id}),
                           (second, {"destination_kind": "family", "destination": "女儿家（鹤鸣区）"})):
        moved = registry.request("POST", f"{registry_path}/residents/{resident.id}/relocate", token=token,
                                 json={**body, "moved_on": today, "confirmed_by_name": "院长张某"})
        assert moved.status_code == 200, moved.text
    drain(session)

    progress = client.get(f"{rect}/relocation", headers=civil).json()
    assert (progress["total"], progress["relocated"], progress["remaining"], progress["completed"]) == (2, 2, 0, False)
    details = {row["resident_id"]: row["relocation"] for row in progress["residents"]}
    assert details[first.id]["receiving_facility_name"] == "竹园老年公寓"
    assert (details[second.id]["destination_kind"], details[second.id]["destination"]) == ("family", "女儿家（鹤鸣区）")

    closed = registry.request("POST", f"{registry_path}/status", token=token,
                              json={"status": "shut_down", "reason": "一院一策：关停"})
    assert closed.status_code == 200, closed.text
    drain(session)
    drain(session)

    [completed] = events(session, "relocation.completed")
    assert (completed.payload["to_status"], completed.payload["relocated"]) == ("shut_down", 2)
    final = client.get(f"{rect}/relocation", headers=civil).json()
    assert (final["status"], final["completed"]) == ("shut_down", True)
    board = client.get("/api/rectification/plans", headers=civil).json()
    [row] = [item for item in board["items"] if item["facility_id"] == closing.id]
    assert (row["relocated"], row["remaining"], row["facility_status"]) == (2, 0, "shut_down")
