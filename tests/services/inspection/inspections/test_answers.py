from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import COMMUNITY

from .helpers import URL, World, create_body, failing, passing, upload

pytestmark = pytest.mark.usefixtures("storage")


def _draft(client: TestClient, headers: dict[str, str], world: World, **overrides: Any) -> str:
    response = client.post(URL, json=create_body(world, **overrides), headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _joint(client: TestClient, auth: Any, world: World) -> str:
    return _draft(client, auth("fire", "staff"), world, departments=["fire", "market"],
                  inspectors=[{"name": "王消防", "department": "fire"}, {"name": "李市监", "department": "market"}])


def _put(client: TestClient, headers: dict[str, str], inspection_id: str, answers: list[dict[str, Any]]) -> Any:
    return client.put(f"{URL}/{inspection_id}/answers", json={"answers": answers}, headers=headers)


def _fields(response: Any) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]


def test_answers_are_saved_with_their_findings(client: TestClient, auth: Any, world: World) -> None:
    fire = auth("fire", "staff")
    inspection_id = _draft(client, fire, world)
    response = _put(client, fire, inspection_id, [*passing(world, "F1"), failing(world, "F2", measures="停用整改")])
    assert response.status_code == 200, response.text
    body = response.json()
    assert {a["item_id"]: a["result"] for a in body["answers"]} == {world.items["F1"]: "pass",
                                                                    world.items["F2"]: "fail"}
    (finding,) = body["findings"]
    assert finding["item_code"] == "F2" and finding["department"] == "fire" and finding["category"] == "fire"
    assert finding["severity"] == "major"  # preset from the item's major-hazard flag
    assert finding["criterion_code"] == "TEST-MZ-1" and finding["measures"] == "停用整改"
    assert finding["found_by"] == "test-fire-staff" and finding["hazard_key"] == finding["id"]
    # Autosave: a later answer replaces the earlier one, and a pass drops the finding.
    again = _put(client, fire, inspection_id, passing(world, "F2")).json()
    assert {a["item_id"]: a["result"] for a in again["answers"]}[world.items["F2"]] == "pass"
    assert again["findings"] == [] and len(again["answers"]) == 2


def test_answers_for_items_outside_the_version_used_are_refused(client: TestClient, auth: Any,
                                                               world: World) -> None:
    fire = auth("fire", "staff")
    inspection_id = _draft(client, fire, world)  # fire only: the market item is not part of it
    response = _put(client, fire, inspection_id, [*passing(world, "F1"), *passing(world, "M1")])
    assert response.status_code == 422
    assert _fields(response) == ["body.answers.1.item_id"]
    unknown = _put(client, fire, inspection_id, [{"item_id": "00000000-0000-4000-8000-000000000000",
                                                  "result": "pass"}])
    assert unknown.status_code == 422 and _fields(unknown) == ["body.answers.0.item_id"]
    assert client.get(f"{URL}/{inspection_id}", headers=fire).json()["answers"] == []


def test_a_failed_item_needs_a_finding_with_a_description(client: TestClient, auth: Any, world: World) -> None:
    fire = auth("fire", "staff")
    inspection_id = _draft(client, fire, world)
    bare = _put(client, fire, inspection_id, [{"item_id": world.items["F1"], "result": "fail"}])
    assert bare.status_code == 422 and _fields(bare) == ["body.answers.0.finding"]
    empty = _put(client, fire, inspection_id, [failing(world, "F1", description="   ")])
    assert empty.status_code == 422 and _fields(empty) == ["body.answers.0.finding.description"]
    on_pass = _put(client, fire, inspection_id, [{**passing(world, "F1")[0], "finding": {"description": "x"}}])
    assert on_pass.status_code == 422 and _fields(on_pass) == ["body.answers.0.finding"]


def test_a_fire_inspector_cannot_answer_the_food_section(client: TestClient, auth: Any, world: World) -> None:
    inspection_id = _joint(client, auth, world)
    fire, market = auth("fire", "staff"), auth("market", "staff")
    refused = _put(client, fire, inspection_id, passing(world, "M1"))
    assert refused.status_code == 403 and refused.json()["code"] == "section_forbidden"
    assert _put(client, market, inspection_id, passing(world, "F1")).status_code == 403
    for outsider in (auth("admin", "staff"), auth("civil_affairs", "head"),
                     auth("facility", "manager", area=COMMUNITY, facility=world.facility_id)):
        assert _put(client, outsider, inspection_id, passing(world, "F1")).status_code == 403
    assert _put(client, market, inspection_id, passing(world, "M1")).status_code == 200
    assert _put(client, fire, inspection_id, passing(world, "F1")).status_code == 200
    answers = client.get(f"{URL}/{inspection_id}", headers=fire).json()["answers"]
    assert {(a["department"], a["answered_by"]) for a in answers} == {("market", "test-market-staff"),
                                                                      ("fire", "test-fire-staff")}


def test_severity_may_be_raised_but_a_major_item_never_lowered(client: TestClient, auth: Any, world: World) -> None:
    fire = auth("fire", "staff")
    inspection_id = _draft(client, fire, world)
    lowered = _put(client, fire, inspection_id, [failing(world, "F2", severity="ordinary")])
    assert lowered.status_code == 422 and _fields(lowered) == ["body.answers.0.finding.severity"]
    raised = _put(client, fire, inspection_id, [failing(world, "F1", severity="major"), failing(world, "F4",
                                                                                                photo_ids=[])])
    assert raised.status_code == 422  # F4 needs a photo even when it fails
    photo = upload(client, fire)
    raised = _put(client, fire, inspection_id, [failing(world, "F1", severity="major"),
                                               failing(world, "F4", photo_ids=[photo])])
    assert raised.status_code == 200, raised.text
    assert sorted(f["severity"] for f in raised.json()["findings"]) == ["major", "ordinary"]


def test_a_number_outside_its_range_is_a_failure_that_needs_a_finding(client: TestClient, auth: Any,
                                                                     world: World) -> None:
    fire = auth("fire", "staff")
    inspection_id = _draft(client, fire, world)
    narrow = {"item_id": world.items["F3"], "result": "pass", "number": 0.9}
    refused = _put(client, fire, inspection_id, [narrow])
    assert refused.status_code == 422 and _fields(refused) == ["body.answers.0.finding"]
    assert "outside" in refused.json()["errors"][0]["reason"]
    missing = _put(client, fire, inspection_id, [{"item_id": world.items["F3"], "result": "pass"}])
    assert missing.status_code == 422 and _fields(missing) == ["body.answers.0.number"]
    saved = _put(client, fire, inspection_id, [{**narrow, "finding": {"description": "疏散通道宽度仅0.9米"}}]).json()
    assert saved["answers"][0]["result"] == "fail" and saved["answers"][0]["number"] == 0.9
    assert saved["findings"][0]["severity"] == "ordinary"
    number_on_pass_fail = _put(client, fire, inspection_id, [{**passing(world, "F1")[0], "number": 1.0}])
    assert number_on_pass_fail.status_code == 422


def test_photos_must_be_the_callers_or_this_inspections(client: TestClient, auth: Any, world: World) -> None:
    fire, head = auth("fire", "staff"), auth("fire", "head")
    inspection_id = _draft(client, fire, world)
    none = _put(client, fire, inspection_id, passing(world, "F4"))
    assert none.status_code == 422 and _fields(none) == ["body.answers.0.photo_ids"]
    unknown = _put(client, fire, inspection_id, passing(world, "F4", F4=["00000000-0000-4000-8000-000000000000"]))
    assert unknown.status_code == 422 and _fields(unknown) == ["body.answers.0.photo_ids.0"]
    someone_elses = upload(client, head)
    refused = _put(client, fire, inspection_id, passing(world, "F4", F4=[someone_elses]))
    assert refused.status_code == 422 and _fields(refused) == ["body.answers.0.photo_ids.0"]
    mine = upload(client, fire)
    saved = _put(client, fire, inspection_id, passing(world, "F4", F4=[mine]))
    assert saved.status_code == 200
    # Once attached, the photo belongs to the inspection: another inspector of it may cite it.
    assert _put(client, head, inspection_id, passing(world, "F4", F4=[mine])).status_code == 200
    other_id = _draft(client, fire, world)
    elsewhere = _put(client, fire, other_id, passing(world, "F4", F4=[mine]))
    assert elsewhere.status_code == 422


def test_an_item_answered_twice_in_one_request_is_refused(client: TestClient, auth: Any, world: World) -> None:
    fire = auth("fire", "staff")
    inspection_id = _draft(client, fire, world)
    response = _put(client, fire, inspection_id, [*passing(world, "F1"), *passing(world, "F1")])
    assert response.status_code == 422 and _fields(response) == ["body.answers.1.item_id"]


def test_answers_of_an_inspection_outside_the_area_answer_404(client: TestClient, auth: Any, world: World) -> None:
    inspection_id = _draft(client, auth("fire", "staff"), world)
    outside = auth("fire", "staff", area="999001002")
    assert _put(client, outside, inspection_id, passing(world, "F1")).status_code == 404
    assert client.get(f"{URL}/{inspection_id}", headers=outside).status_code == 404
