from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_inspection.inspections.queries import FindingFact, campaign_findings, covered_pairs
from tests.conftest import COMMUNITY

from .helpers import OTHER_COMMUNITY, URL, World, create_body, events_of, failing, passing, upload

pytestmark = pytest.mark.usefixtures("storage")

DESIGN_HAZARD_KEYS = {
    "hazard_key", "inspection_id", "campaign_id", "facility_id", "area_code", "department", "item_code", "item_text",
    "basis", "category", "severity", "criterion_code", "description", "measures", "photo_ids", "inspector",
    "found_at", "self_check", "mode",
}
DESIGN_SUBMITTED_KEYS = {
    "inspection_id", "campaign_id", "facility_id", "area_code", "mode", "departments", "inspectors", "submitted_by",
    "submitted_at", "self_check", "findings_count",
}


def _answered_draft(client: TestClient, auth: Any, world: World, *, facility_id: str | None = None,
                    headers: dict[str, str] | None = None, **overrides: Any) -> tuple[str, dict[str, str]]:
    """A fire draft with F1 failed (fixed on the spot), F2 failed (open, with a photo), F3 and F4 passed."""
    headers = headers or auth("fire", "staff")
    body = create_body(world, facility_id=facility_id or world.facility_id, **overrides)
    inspection_id = client.post(URL, json=body, headers=headers).json()["id"]
    evidence, hazard_photo = upload(client, headers), upload(client, headers)
    answers = [
        failing(world, "F1", description="灭火器压力不足", fixed_on_spot=True),
        {**failing(world, "F2", description="楼梯间堆放杂物", photo_ids=[hazard_photo], measures="立即清理"),
         "photo_ids": [evidence]},
        *passing(world, "F3"),
        *passing(world, "F4", F4=[evidence]),
    ]
    response = client.put(f"{URL}/{inspection_id}/answers", json={"answers": answers}, headers=headers)
    assert response.status_code == 200, response.text
    return inspection_id, {"evidence": evidence, "hazard": hazard_photo}


def test_unanswered_items_refuse_the_submit_and_publish_nothing(session: Session, client: TestClient, auth: Any,
                                                                world: World) -> None:
    fire = auth("fire", "staff")
    inspection_id = client.post(URL, json=create_body(world), headers=fire).json()["id"]
    client.put(f"{URL}/{inspection_id}/answers", json={"answers": [failing(world, "F1")]},
               headers=fire).raise_for_status()
    response = client.post(f"{URL}/{inspection_id}/submit", headers=fire)
    assert response.status_code == 422 and response.json()["code"] == "unanswered_items"
    assert [e["field"] for e in response.json()["errors"]] == [
        "sections.fire.items.F2", "sections.fire.items.F3", "sections.fire.items.F4"]
    assert events_of(session, "hazard.found") == [] and events_of(session, "inspection.submitted") == []
    assert client.get(f"{URL}/{inspection_id}", headers=fire).json()["status"] == "draft"


def test_submit_publishes_the_inspection_and_its_open_hazards(session: Session, client: TestClient, auth: Any,
                                                              world: World) -> None:
    fire = auth("fire", "staff")
    inspection_id, photos = _answered_draft(client, auth, world)
    response = client.post(f"{URL}/{inspection_id}/submit", headers=fire)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "submitted" and body["submitted_by"] == "test-fire-staff"
    (submitted,) = events_of(session, "inspection.submitted")
    assert (submitted.subject, submitted.producer) == (f"inspection:{inspection_id}", "inspection")
    assert set(submitted.payload) == DESIGN_SUBMITTED_KEYS
    assert submitted.payload["findings_count"] == 2 and submitted.payload["self_check"] is False
    # One hazard: the fixed-on-the-spot finding is not announced.
    (hazard,) = events_of(session, "hazard.found")
    assert (hazard.subject, hazard.producer, hazard.version) == (f"facility:{world.facility_id}", "inspection", 1)
    payload = hazard.payload
    assert set(payload) == DESIGN_HAZARD_KEYS
    f2 = next(f for f in body["findings"] if f["item_code"] == "F2")
    assert payload["hazard_key"] == f2["id"] and payload["item_code"] == "F2"
    assert payload["photo_ids"] == [photos["hazard"], photos["evidence"]]
    assert payload["severity"] == "major" and payload["criterion_code"] == "TEST-MZ-1"
    assert payload["area_code"] == COMMUNITY and payload["measures"] == "立即清理"
    assert payload["inspector"] == {"subject": "test-fire-staff", "name": "Test fire staff"}
    assert payload["basis"] == "GB 38600-2019 第5.1条" and payload["item_text"] == "检查项 F2"


def test_a_second_submit_conflicts_unless_it_repeats_the_same_key(session: Session, client: TestClient, auth: Any,
                                                                  world: World) -> None:
    fire = auth("fire", "staff")
    inspection_id, _ = _answered_draft(client, auth, world)
    keyed = {**fire, "Idempotency-Key": "submit-1"}
    first = client.post(f"{URL}/{inspection_id}/submit", headers=keyed)
    assert first.status_code == 200
    replay = client.post(f"{URL}/{inspection_id}/submit", headers=keyed)
    assert replay.status_code == 200 and replay.json() == first.json()
    again = client.post(f"{URL}/{inspection_id}/submit", headers=fire)
    assert again.status_code == 409 and again.json()["code"] == "already_submitted"
    other_key = client.post(f"{URL}/{inspection_id}/submit", headers={**fire, "Idempotency-Key": "submit-2"})
    assert other_key.status_code == 409
    other_caller = client.post(f"{URL}/{inspection_id}/submit", headers={**auth("fire", "head"),
                                                                        "Idempotency-Key": "submit-1"})
    assert other_caller.status_code == 409
    # The refused and replayed submits published nothing more.
    assert len(events_of(session, "inspection.submitted")) == 1 and len(events_of(session, "hazard.found")) == 1
    answers = client.put(f"{URL}/{inspection_id}/answers", json={"answers": passing(world, "F1")}, headers=fire)
    assert answers.status_code == 409


def test_acknowledgement_records_name_and_time_once(client: TestClient, auth: Any, world: World) -> None:
    inspection_id, _ = _answered_draft(client, auth, world)
    other_manager = auth("facility", "manager", area=OTHER_COMMUNITY, facility=world.other_facility_id)
    assert client.post(f"{URL}/{inspection_id}/acknowledge", json={"name": "赵"},
                       headers=other_manager).status_code == 404
    manager = auth("facility", "manager", area=COMMUNITY, facility=world.facility_id)
    response = client.post(f"{URL}/{inspection_id}/acknowledge", json={"name": "赵院长"}, headers=manager)
    assert response.status_code == 200
    ack = response.json()["acknowledgement"]
    assert ack["name"] == "赵院长" and ack["recorded_by"] == "test-facility-manager" and ack["acknowledged_at"]
    again = client.post(f"{URL}/{inspection_id}/acknowledge", json={"name": "赵院长"}, headers=auth("fire", "staff"))
    assert again.status_code == 409
    assert client.post(f"{URL}/{inspection_id}/acknowledge", json={"name": ""}, headers=manager).status_code == 422


def test_community_officers_see_only_their_own_areas_inspections(client: TestClient, auth: Any,
                                                                 world: World) -> None:
    fire = auth("fire", "staff")
    mine = client.post(URL, json=create_body(world), headers=fire).json()["id"]
    theirs = client.post(URL, json=create_body(world, facility_id=world.other_facility_id), headers=fire).json()["id"]
    officer = auth("community", "officer", area=COMMUNITY)
    listed = client.get(URL, headers=officer).json()
    assert [item["id"] for item in listed["items"]] == [mine] and listed["total"] == 1
    assert client.get(f"{URL}/{mine}", headers=officer).status_code == 200
    assert client.get(f"{URL}/{theirs}", headers=officer).status_code == 404
    other_officer = auth("community", "officer", area=OTHER_COMMUNITY)
    assert [item["id"] for item in client.get(URL, headers=other_officer).json()["items"]] == [theirs]
    district = client.get(URL, headers=auth("task_force", "member")).json()
    assert district["total"] == 2
    assert client.get(URL, headers=auth("city_platform", "client")).status_code == 403


def test_list_filters_and_unknown_parameters(client: TestClient, auth: Any, world: World) -> None:
    fire = auth("fire", "staff")
    joint = client.post(URL, json=create_body(world, departments=["fire", "market"], mode="covert"),
                        headers=fire).json()["id"]
    client.post(URL, json=create_body(world), headers=fire).raise_for_status()
    by_department = client.get(URL, params={"department": "market"}, headers=fire).json()
    assert [item["id"] for item in by_department["items"]] == [joint]
    assert client.get(URL, params={"mode": "covert", "status": "draft"}, headers=fire).json()["total"] == 1
    assert client.get(URL, params={"campaign_id": world.campaign_id}, headers=fire).json()["total"] == 2
    assert client.get(URL, params={"departmnet": "market"}, headers=fire).status_code == 422
    assert client.get(URL, params={"page_size": 101}, headers=fire).status_code == 422


def test_self_checks_are_marked_and_never_counted(session: Session, client: TestClient, auth: Any,
                                                  world: World) -> None:
    manager = auth("facility", "manager", area=COMMUNITY, facility=world.facility_id)
    self_check, _ = _answered_draft(client, auth, world, headers=manager, mode="self_check")
    assert client.post(f"{URL}/{self_check}/submit", headers=manager).status_code == 200
    (hazard,) = events_of(session, "hazard.found")
    assert hazard.payload["self_check"] is True
    assert events_of(session, "inspection.submitted")[0].payload["self_check"] is True
    assert covered_pairs(session, campaign_id=world.campaign_id) == set()
    assert campaign_findings(session, campaign_id=world.campaign_id) == []
    # An official draft does not count either until it is submitted.
    fire = auth("fire", "staff")
    official, _ = _answered_draft(client, auth, world)
    assert covered_pairs(session, campaign_id=world.campaign_id) == set()
    client.post(f"{URL}/{official}/submit", headers=fire).raise_for_status()
    assert covered_pairs(session, campaign_id=world.campaign_id) == {(world.facility_id, "fire")}
    facts = [replace(fact, hazard_key="") for fact in campaign_findings(session, campaign_id=world.campaign_id)]
    assert sorted(facts, key=lambda f: f.item_code) == [
        FindingFact(facility_id=world.facility_id, department="fire", category="fire", severity="ordinary",
                    criterion_code=None, criterion_fixable=True, fixed_on_spot=True, item_code="F1",
                    description="灭火器压力不足"),
        FindingFact(facility_id=world.facility_id, department="fire", category="fire", severity="major",
                    criterion_code="TEST-MZ-1", criterion_fixable=False, fixed_on_spot=False, item_code="F2",
                    description="楼梯间堆放杂物"),
    ]
    assert covered_pairs(session, campaign_id="00000000-0000-4000-8000-000000000000") == set()


def test_amendments_keep_the_original_and_announce_new_hazards(session: Session, client: TestClient, auth: Any,
                                                              world: World) -> None:
    fire = auth("fire", "staff")
    inspection_id, _ = _answered_draft(client, auth, world)
    amend_url = f"{URL}/{inspection_id}/amendments"
    early = client.post(amend_url, json={"reason": "补录", "answers": passing(world, "F1")}, headers=fire)
    assert early.status_code == 409  # a draft is changed by saving answers
    submitted = client.post(f"{URL}/{inspection_id}/submit", headers=fire).json()
    original_f2 = next(f for f in submitted["findings"] if f["item_code"] == "F2")
    original_f3 = next(a for a in submitted["answers"] if a["item_id"] == world.items["F3"])
    response = client.post(amend_url, headers=auth("fire", "head"), json={"reason": "复核发现疏散宽度不足", "answers": [
        {"item_id": world.items["F3"], "result": "fail", "number": 0.8, "finding": {"description": "宽度0.8米"}},
        failing(world, "F2", description="楼梯间堆放杂物（复核：已部分清理）"),
    ]})
    assert response.status_code == 201, response.text
    body = response.json()
    (amendment,) = body["amendments"]
    assert amendment["reason"] == "复核发现疏散宽度不足" and amendment["amended_by"] == "test-fire-head"
    changes = {change["item_id"]: change for change in amendment["changes"]}
    # The original answer is kept and shown beside its replacement.
    assert changes[world.items["F3"]]["before"] == original_f3
    assert changes[world.items["F3"]]["after"]["result"] == "fail"
    current = {a["item_id"]: a for a in body["answers"]}
    assert current[world.items["F3"]]["amendment_id"] == amendment["id"] and len(body["answers"]) == 4
    # Only the new failure is announced; the restated F2 keeps its hazard key and is not announced twice.
    hazards = events_of(session, "hazard.found")
    assert [h.payload["item_code"] for h in hazards] == ["F2", "F3"]
    f2_now = next(f for f in body["findings"] if f["item_code"] == "F2")
    assert f2_now["hazard_key"] == original_f2["hazard_key"] and f2_now["id"] != original_f2["id"]
    assert hazards[1].payload["hazard_key"] == next(f for f in body["findings"] if f["item_code"] == "F3")["id"]
    facts = {f.item_code: f for f in campaign_findings(session, campaign_id=world.campaign_id)}
    assert set(facts) == {"F1", "F2", "F3"} and facts["F2"].description.endswith("已部分清理）")
    market = client.post(amend_url, json={"reason": "x", "answers": passing(world, "F1")},
                         headers=auth("market", "staff"))
    assert market.status_code == 403
    empty_reason = client.post(amend_url, json={"reason": " ", "answers": passing(world, "F1")}, headers=fire)
    assert empty_reason.status_code == 422
