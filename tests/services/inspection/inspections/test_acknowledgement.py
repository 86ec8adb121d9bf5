"""The facility manager's acknowledgement means the manager saw the findings: refused while nothing is answered,
and cleared (to be given again) when answers or findings change after it, amendments included."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import COMMUNITY

from .helpers import URL, World, create_body, failing, passing, upload


def acknowledge(client: TestClient, auth: Any, world: World, inspection_id: str) -> Any:
    manager = auth("facility", "manager", area=COMMUNITY, facility=world.facility_id)
    return client.post(f"{URL}/{inspection_id}/acknowledge", json={"name": "赵院长"}, headers=manager)


def test_an_inspection_without_answers_cannot_be_acknowledged(client: TestClient, auth: Any, world: World) -> None:
    fire = auth("fire", "staff")
    inspection_id = client.post(URL, json=create_body(world), headers=fire).json()["id"]
    refused = acknowledge(client, auth, world, inspection_id)
    assert refused.status_code == 409 and refused.json()["code"] == "nothing_to_acknowledge"
    assert client.get(f"{URL}/{inspection_id}", headers=fire).json()["acknowledgement"] is None
    client.put(f"{URL}/{inspection_id}/answers", json={"answers": [failing(world, "F1")]},
               headers=fire).raise_for_status()
    assert acknowledge(client, auth, world, inspection_id).status_code == 200


def test_changed_answers_clear_the_acknowledgement(client: TestClient, auth: Any, world: World) -> None:
    fire = auth("fire", "staff")
    inspection_id = client.post(URL, json=create_body(world), headers=fire).json()["id"]
    answers_url = f"{URL}/{inspection_id}/answers"
    client.put(answers_url, json={"answers": [failing(world, "F1", description="灭火器过期")]},
               headers=fire).raise_for_status()
    acknowledged = acknowledge(client, auth, world, inspection_id).json()
    assert acknowledged["acknowledgement"]["name"] == "赵院长" and acknowledged["acknowledgement_cleared_at"] is None
    # The same answer saved again (an autosave) changes nothing the manager saw.
    same = client.put(answers_url, json={"answers": [failing(world, "F1", description="灭火器过期")]}, headers=fire)
    assert same.json()["acknowledgement"] is not None
    # Another finding's wording is a change: the acknowledgement must be given again.
    changed = client.put(answers_url, json={"answers": [failing(world, "F1", description="灭火器过期且压力不足")]},
                         headers=fire).json()
    assert changed["acknowledgement"] is None and changed["acknowledgement_cleared_at"] is not None
    assert acknowledge(client, auth, world, inspection_id).status_code == 200
    # A new answer is a change too.
    added = client.put(answers_url, json={"answers": passing(world, "F3")}, headers=fire).json()
    assert added["acknowledgement"] is None
    again = acknowledge(client, auth, world, inspection_id).json()
    assert again["acknowledgement"] is not None and again["acknowledgement_cleared_at"] is None


def test_an_amendment_clears_the_acknowledgement(client: TestClient, auth: Any, world: World) -> None:
    fire = auth("fire", "staff")
    inspection_id = client.post(URL, json=create_body(world), headers=fire).json()["id"]
    photo = upload(client, fire)
    client.put(f"{URL}/{inspection_id}/answers", headers=fire, json={"answers": [
        failing(world, "F1"), *passing(world, "F2", "F3", "F4", F4=[photo])]}).raise_for_status()
    client.post(f"{URL}/{inspection_id}/submit", headers=fire).raise_for_status()
    assert acknowledge(client, auth, world, inspection_id).status_code == 200
    amended = client.post(f"{URL}/{inspection_id}/amendments", headers=fire,
                          json={"reason": "复核：灭火器在有效期内", "answers": passing(world, "F1")})
    assert amended.status_code == 201, amended.text
    assert amended.json()["acknowledgement"] is None and amended.json()["acknowledgement_cleared_at"]
    assert acknowledge(client, auth, world, inspection_id).json()["acknowledgement"]["name"] == "赵院长"
