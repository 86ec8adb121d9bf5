from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from eldersafe_common import clock
from eldersafe_inspection.inspections.models import Inspection
from eldersafe_inspection.tasks.models import InspectionTask
from tests.conftest import COMMUNITY, SUBDISTRICT

from .helpers import OTHER_SUBDISTRICT, URL, World, create_body, passing, upload


def test_a_draft_has_one_section_per_department_on_the_current_version(client: TestClient, auth: Any,
                                                                       world: World) -> None:
    body = create_body(world, mode="surprise", departments=["fire", "market"], inspectors=[
        {"name": "王消防", "department": "fire"}, {"name": "李市监", "department": "market"}])
    response = client.post(URL, json=body, headers=auth("fire", "staff"))
    assert response.status_code == 201, response.text
    draft = response.json()
    assert draft["status"] == "draft" and draft["mode"] == "surprise" and draft["self_check"] is False
    assert draft["area_code"] == COMMUNITY and draft["departments"] == ["fire", "market"]
    assert [(s["department"], s["checklist_version_id"]) for s in draft["sections"]] == [
        ("fire", world.versions["fire"]), ("market", world.versions["market"])]
    assert [item["code"] for item in draft["sections"][0]["items"]] == ["F1", "F2", "F3", "F4"]
    assert draft["started_at"] == "2026-05-06T01:30:00Z"
    assert draft["answers"] == [] and draft["findings"] == [] and draft["acknowledgement"] is None
    fetched = client.get(f"{URL}/{draft['id']}", headers=auth("market", "head"))
    assert fetched.status_code == 200 and fetched.json()["sections"] == draft["sections"]


def test_a_facility_outside_the_inspectors_area_is_refused_by_name(client: TestClient, auth: Any,
                                                                    world: World) -> None:
    # Codes must exist (issue 11): a reference in the body that leads nowhere is a 422 naming the field.
    def refused(body: dict[str, Any], headers: dict[str, str]) -> tuple[str, list[str]]:
        response = client.post(URL, json=body, headers=headers)
        assert response.status_code == 422, response.text
        return response.json()["code"], [error["field"] for error in response.json()["errors"]]

    fire = auth("fire", "staff")
    assert refused(create_body(world), auth("fire", "staff", area=OTHER_SUBDISTRICT)) == (
        "facility_not_found", ["body.facility_id"])
    assert refused(create_body(world, facility_id=world.outside_campaign_id), fire) == (
        "facility_not_found", ["body.facility_id"])
    assert refused(create_body(world, facility_id="no-such-facility"), fire) == (
        "facility_not_found", ["body.facility_id"])
    assert refused(create_body(world, campaign_id="00000000-0000-4000-8000-000000000000"), fire) == (
        "campaign_not_found", ["body.campaign_id"])
    inside = client.post(URL, json=create_body(world), headers=auth("fire", "staff", area=SUBDISTRICT))
    assert inside.status_code == 201


def test_departments_need_a_published_checklist_and_a_place_in_the_campaign(client: TestClient, auth: Any,
                                                                           world: World) -> None:
    response = client.post(URL, json=create_body(world, departments=["fire", "health", "police"]),
                           headers=auth("fire", "staff"))
    assert response.status_code == 422
    fields = {(e["field"], e["reason"]) for e in response.json()["errors"]}
    assert ("body.departments.2", "not a department of this campaign") in fields
    assert ("body.departments.1", "the health department has no published checklist") in fields
    bad_inspector = client.post(URL, json=create_body(world, inspectors=[{"name": "张", "department": "market"}]),
                                headers=auth("fire", "staff"))
    assert bad_inspector.status_code == 422
    assert bad_inspector.json()["errors"][0]["field"] == "body.inspectors.0.department"


def test_self_checks_are_for_facility_managers_of_their_own_facility(client: TestClient, auth: Any,
                                                                    world: World) -> None:
    self_check = create_body(world, mode="self_check")
    refused = client.post(URL, json=self_check, headers=auth("fire", "staff"))
    assert refused.status_code == 403 and refused.json()["code"] == "self_check_forbidden"
    manager = auth("facility", "manager", area=COMMUNITY, facility=world.facility_id)
    official = client.post(URL, json=create_body(world), headers=manager)
    assert official.status_code == 403
    other = client.post(URL, json=create_body(world, mode="self_check", facility_id=world.outside_campaign_id),
                        headers=manager)
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "body.facility_id"
    created = client.post(URL, json=self_check, headers=manager)
    assert created.status_code == 201
    assert created.json()["self_check"] is True and created.json()["mode"] == "self_check"


def test_roles_without_inspections_cannot_create(client: TestClient, auth: Any, world: World) -> None:
    for role, position, area in (("community", "officer", COMMUNITY), ("task_force", "leader", "999001"),
                                 ("city_platform", "client", "999001")):
        response = client.post(URL, json=create_body(world), headers=auth(role, position, area=area))
        assert response.status_code == 403, role


def test_the_same_idempotency_key_returns_the_same_draft(session: Session, client: TestClient, auth: Any,
                                                         world: World) -> None:
    headers = {**auth("fire", "staff"), "Idempotency-Key": "create-1"}
    first = client.post(URL, json=create_body(world), headers=headers)
    second = client.post(URL, json=create_body(world), headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.json()["id"] == first.json()["id"]
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert session.exec(select(func.count()).select_from(Inspection)).one() == 1
    reused = client.post(URL, json=create_body(world, mode="covert"), headers=headers)
    assert reused.status_code == 409 and reused.json()["code"] == "idempotency_key_reused"
    # The key belongs to its caller: someone else's identical key makes their own draft.
    other = client.post(URL, json=create_body(world), headers={**auth("fire", "head"), "Idempotency-Key": "create-1"})
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    without = client.post(URL, json=create_body(world), headers=auth("fire", "staff"))
    assert without.json()["id"] != first.json()["id"]
    assert session.exec(select(func.count()).select_from(Inspection)).one() == 3


def test_idempotency_key_is_bounded(client: TestClient, auth: Any, world: World) -> None:
    headers = {**auth("fire", "staff"), "Idempotency-Key": "x" * 201}
    response = client.post(URL, json=create_body(world), headers=headers)
    assert response.status_code == 422


def test_strict_input_is_refused(client: TestClient, auth: Any, world: World) -> None:
    headers = auth("fire", "staff")
    for override in ({"mode": "random"}, {"departments": []}, {"departments": ["fire", "fire"]},
                     {"latitude": 47.3, "longitude": None}, {"started_at": "2026-05-06T09:30:00"},
                     {"campaign_id": "not-a-uuid"}, {"extra": 1}, {"inspectors": []}):
        response = client.post(URL, json=create_body(world, **override), headers=headers)
        assert response.status_code == 422, override


def test_a_task_is_marked_done_when_its_inspection_is_submitted(session: Session, client: TestClient, auth: Any,
                                                                world: World, storage: object) -> None:
    task = InspectionTask(id="5f0b1a48-8a39-4f7e-9c55-1b1f3f2d1a11", campaign_id=world.campaign_id,
                          facility_id=world.facility_id, area_code=COMMUNITY, departments=["fire"], mode="announced",
                          assignees=[{"subject": "test-fire-staff", "name": "王消防"}], due_date=date(2026, 5, 10),
                          created_by="seed", created_at=clock.now())
    session.add(task)
    session.commit()
    headers = auth("fire", "staff")
    wrong = client.post(URL, json=create_body(world, task_id="00000000-0000-4000-8000-000000000000"), headers=headers)
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "body.task_id"
    draft = client.post(URL, json=create_body(world, task_id=task.id), headers=headers).json()
    assert draft["task_id"] == task.id
    photo = upload(client, headers)
    client.put(f"{URL}/{draft['id']}/answers", headers=headers,
               json={"answers": passing(world, "F1", "F2", "F3", "F4", F4=[photo])}).raise_for_status()
    assert client.post(f"{URL}/{draft['id']}/submit", headers=headers).status_code == 200
    session.refresh(task)
    assert (task.status, task.inspection_id) == ("done", draft["id"])

