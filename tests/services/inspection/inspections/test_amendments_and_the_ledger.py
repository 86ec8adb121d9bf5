"""Amendments keep the ledger true: passing an item that had failed withdraws the hazard it opened
(finding.withdrawn, keyed by the original hazard_key, with the amendment's reason); failing an item that had
passed opens one (hazard.found)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from .helpers import URL, World, create_body, events_of, failing, passing, upload


def submitted(client: TestClient, auth: Any, world: World, *answers: dict[str, Any]) -> dict[str, Any]:
    fire = auth("fire", "staff")
    inspection_id = client.post(URL, json=create_body(world), headers=fire).json()["id"]
    photo = upload(client, fire)
    given = {answer["item_id"] for answer in answers}
    rest = [a for a in passing(world, "F1", "F2", "F3", "F4", F4=[photo]) if a["item_id"] not in given]
    client.put(f"{URL}/{inspection_id}/answers", json={"answers": [*answers, *rest]}, headers=fire).raise_for_status()
    response = client.post(f"{URL}/{inspection_id}/submit", headers=fire)
    assert response.status_code == 200, response.text
    return dict(response.json())


def amend(client: TestClient, auth: Any, inspection_id: str, reason: str, *answers: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"{URL}/{inspection_id}/amendments", headers=auth("fire", "head"),
                           json={"reason": reason, "answers": list(answers)})
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_passing_a_failed_item_withdraws_its_hazard(session: Session, client: TestClient, auth: Any,
                                                   world: World) -> None:
    inspection = submitted(client, auth, world, failing(world, "F1", description="灭火器过期"))
    (finding,) = inspection["findings"]
    (found,) = events_of(session, "hazard.found")
    assert found.payload["hazard_key"] == finding["hazard_key"]
    reason = "复核：灭火器在有效期内，原记录看错了日期"
    amended = amend(client, auth, inspection["id"], reason, *passing(world, "F1"))
    assert amended["findings"] == []
    (withdrawn,) = events_of(session, "finding.withdrawn")
    assert withdrawn.producer == "inspection" and withdrawn.subject == f"facility:{world.facility_id}"
    assert withdrawn.payload["hazard_key"] == finding["hazard_key"] and withdrawn.payload["reason"] == reason
    assert withdrawn.payload["amendment_id"] == amended["amendments"][0]["id"]
    assert withdrawn.payload["withdrawn_by"] == {"subject": "test-fire-head", "name": "Test fire head"}
    assert (withdrawn.payload["campaign_id"], withdrawn.payload["item_code"]) == (world.campaign_id, "F1")
    assert len(events_of(session, "hazard.found")) == 1  # nothing new was found


def test_fixed_on_the_spot_by_amendment_also_withdraws(session: Session, client: TestClient, auth: Any,
                                                       world: World) -> None:
    inspection = submitted(client, auth, world, failing(world, "F1", description="灭火器过期"))
    amend(client, auth, inspection["id"], "现场已更换灭火器，补记当场整改",
          failing(world, "F1", description="灭火器过期", fixed_on_spot=True))
    (withdrawn,) = events_of(session, "finding.withdrawn")
    assert withdrawn.payload["hazard_key"] == inspection["findings"][0]["hazard_key"]


def test_failing_a_passed_item_opens_a_hazard(session: Session, client: TestClient, auth: Any,
                                              world: World) -> None:
    inspection = submitted(client, auth, world)
    assert events_of(session, "hazard.found") == []
    amended = amend(client, auth, inspection["id"], "复核照片发现灭火器过期",
                    failing(world, "F1", description="灭火器过期"))
    (finding,) = amended["findings"]
    (found,) = events_of(session, "hazard.found")
    assert found.payload["hazard_key"] == finding["hazard_key"] and found.payload["item_code"] == "F1"
    assert events_of(session, "finding.withdrawn") == []


def test_restating_a_failure_withdraws_nothing(session: Session, client: TestClient, auth: Any,
                                               world: World) -> None:
    inspection = submitted(client, auth, world, failing(world, "F1", description="灭火器过期"))
    amended = amend(client, auth, inspection["id"], "补充描述", failing(world, "F1", description="灭火器过期两个月"))
    assert amended["findings"][0]["hazard_key"] == inspection["findings"][0]["hazard_key"]
    assert events_of(session, "finding.withdrawn") == [] and len(events_of(session, "hazard.found")) == 1
    # Passed, then failed again: the first hazard is withdrawn and a new one opened under a new key.
    amend(client, auth, inspection["id"], "复核合格", *passing(world, "F1"))
    again = amend(client, auth, inspection["id"], "再次复核不合格", failing(world, "F1", description="灭火器过期"))
    keys = [event.payload["hazard_key"] for event in events_of(session, "hazard.found")]
    assert len(keys) == 2 and keys[1] == again["findings"][0]["hazard_key"] != keys[0]
    assert [e.payload["hazard_key"] for e in events_of(session, "finding.withdrawn")] == [keys[0]]
