import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common.errors import Conflict
from eldersafe_inspection.accounts.consumer import accounts_consumer
from eldersafe_inspection.tasks.service import mark_task_in_progress
from tests.conftest import COMMUNITY, SUBDISTRICT
from tests.support.gateway_events import account_created, account_updated

from ..campaigns.support import (
    FA,
    FB,
    FC,
    FE,
    create_campaign,
    on_survey_day,  # noqa: F401  (fixture)
    seed_facilities,
    seed_inspectors,
)

pytestmark = pytest.mark.usefixtures("on_survey_day")
URL = "/api/inspection/tasks"
ZHANG = {"subject": "inspector-zhang", "name": "张检查员"}
LI = {"subject": "inspector-li", "name": "李检查员"}


def task_body(campaign_id: str, **fields) -> dict:
    return {"campaign_id": campaign_id, "facility_id": FA, "departments": ["fire"], "mode": "announced",
            "assignees": [ZHANG], "due_date": "2026-03-05", **fields}


@pytest.fixture
def campaign(session: Session, client: TestClient, auth) -> dict:
    seed_facilities(session)
    seed_inspectors(session)
    return create_campaign(client, auth)


def plan(client: TestClient, auth, body: dict, role: str = "civil_affairs", position: str = "staff") -> dict:
    response = client.post(URL, json=body, headers=auth(role, position))
    assert response.status_code == 201, response.text
    return response.json()


def test_plan_a_task(client: TestClient, auth, campaign: dict) -> None:
    task = plan(client, auth, task_body(campaign["id"], departments=["fire", "health"]))
    assert task["status"] == "planned" and task["facility_name"] == "甲院" and task["area_code"] == COMMUNITY
    assert task["assignees"] == [ZHANG] and task["overdue"] is False and task["inspection_id"] is None


def test_mine_lists_only_the_callers_tasks(client: TestClient, auth, campaign: dict) -> None:
    mine = plan(client, auth, task_body(campaign["id"], assignees=[LI, ZHANG]))
    plan(client, auth, task_body(campaign["id"], facility_id=FB, assignees=[LI]))
    headers = auth("fire", "staff", subject="inspector-zhang")
    body = client.get(URL, params={"mine": "true"}, headers=headers).json()
    assert [t["id"] for t in body["items"]] == [mine["id"]] and body["total"] == 1
    assert client.get(URL, params={"mine": "false"}, headers=headers).json()["total"] == 2
    by_department = client.get(URL, params={"department": "health"}, headers=headers).json()
    assert by_department["total"] == 0
    assert client.get(URL, params={"facility_id": FB}, headers=headers).json()["total"] == 1


def test_tasks_are_area_scoped(client: TestClient, auth, campaign: dict) -> None:
    plan(client, auth, task_body(campaign["id"], facility_id=FC))
    inside = plan(client, auth, task_body(campaign["id"]))
    body = client.get(URL, headers=auth("community", "officer", area=COMMUNITY)).json()
    assert [t["id"] for t in body["items"]] == [inside["id"]]
    # A facility outside the planner's area: refused by name (issue 11: codes must exist for the caller).
    response = client.post(URL, json=task_body(campaign["id"], facility_id=FC),
                           headers=auth("civil_affairs", "head", area=COMMUNITY))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "body.facility_id"
    assert client.get(URL, headers=auth("facility", "manager", area=COMMUNITY, facility=FA)).status_code == 403


def test_who_may_plan(client: TestClient, auth, campaign: dict) -> None:
    plan(client, auth, task_body(campaign["id"]), "task_force", "deputy")
    plan(client, auth, task_body(campaign["id"]), "fire", "head")
    body = task_body(campaign["id"], departments=["fire", "health"])
    assert client.post(URL, json=body, headers=auth("fire", "head")).status_code == 403
    assert client.post(URL, json=task_body(campaign["id"]), headers=auth("fire", "staff")).status_code == 403
    assert client.post(URL, json=task_body(campaign["id"]), headers=auth("task_force", "member")).status_code == 403


def test_a_task_must_fit_its_campaign(client: TestClient, auth, campaign: dict) -> None:
    headers = auth("civil_affairs", "head")

    def fields(body: dict) -> list[str]:
        response = client.post(URL, json=body, headers=headers)
        assert response.status_code == 422, response.text
        return [e["field"] for e in response.json()["errors"]]

    assert fields(task_body(campaign["id"], facility_id=FE)) == ["body.facility_id"]  # shut down: no target
    assert fields(task_body(campaign["id"], departments=["market"])) == ["body.departments.0"]
    assert fields(task_body(campaign["id"], due_date="2026-07-01")) == ["body.due_date"]
    assert fields(task_body(campaign["id"], mode="self_check")) == ["body.mode"]
    assert fields(task_body(campaign["id"], assignees=[])) == ["body.assignees"]
    assert fields(task_body(campaign["id"], facility_id="00000000-0000-4000-8000-00000000dead")) == [
        "body.facility_id"]
    # A campaign that does not exist is a 422 naming the field (it was a 404).
    assert fields(task_body("00000000-0000-4000-8000-000000000000")) == ["body.campaign_id"]


def test_cancel_and_restore(client: TestClient, auth, campaign: dict) -> None:
    task = plan(client, auth, task_body(campaign["id"]))
    headers = auth("civil_affairs", "head")
    path = f"{URL}/{task['id']}"
    assert client.patch(path, json={"status": "cancelled"}, headers=headers).json()["status"] == "cancelled"
    assert client.patch(path, json={"status": "done"}, headers=headers).status_code == 422
    response = client.patch(path, json={"status": "planned", "assignees": [LI]}, headers=headers)
    assert response.json()["status"] == "planned" and response.json()["assignees"] == [LI]


def test_an_inspection_moves_a_task_on(session: Session, client: TestClient, auth, campaign: dict) -> None:
    task = plan(client, auth, task_body(campaign["id"], departments=["fire", "health"]))
    inspection_id = "11111111-2222-4333-8444-555555555555"
    mark_task_in_progress(session, task_id=task["id"], inspection_id=inspection_id)
    headers = auth("civil_affairs", "head")
    body = client.get(f"{URL}/{task['id']}", headers=headers).json()
    assert (body["status"], body["inspection_id"]) == ("in_progress", inspection_id)
    assert client.patch(f"{URL}/{task['id']}", json={"status": "cancelled"}, headers=headers).status_code == 409
    # A joint task may be inspected by each of its departments on its own: a second inspection is no conflict.
    mark_task_in_progress(session, task_id=task["id"], inspection_id="another")
    assert client.get(f"{URL}/{task['id']}", headers=headers).json()["inspection_id"] == inspection_id
    cancelled = plan(client, auth, task_body(campaign["id"]))
    client.patch(f"{URL}/{cancelled['id']}", json={"status": "cancelled"}, headers=headers).raise_for_status()
    with pytest.raises(Conflict):
        mark_task_in_progress(session, task_id=cancelled["id"], inspection_id=inspection_id)


def test_assignees_are_active_accounts_of_the_tasks_departments(session: Session, client: TestClient, auth,
                                                                campaign: dict) -> None:
    headers = auth("civil_affairs", "head")
    account_created(session, "fire-retired", "退休检查员", "fire", disabled=True)
    account_created(session, "fire-elsewhere", "外区检查员", "fire", area="999002")
    account_created(session, "admin-1", "管理员", "admin")
    accounts_consumer().drain(session)
    session.commit()  # a refused request rolls the session back, and must not take these with it

    def refused(body: dict) -> list[tuple[str, str]]:
        response = client.post(URL, json=body, headers=headers)
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "assignee_invalid"
        return [(e["field"], e["reason"]) for e in response.json()["errors"]]

    typed = {"subject": "王消防", "name": "王消防"}  # a name typed as free text is no account
    assert refused(task_body(campaign["id"], assignees=[ZHANG, typed])) == [
        ("body.assignees.1.subject", "no such account")]
    assert refused(task_body(campaign["id"], assignees=[{"subject": "test-health-staff"}])) == [
        ("body.assignees.0.subject", "not an account of the task's departments")]
    assert refused(task_body(campaign["id"], assignees=[{"subject": "fire-retired"}])) == [
        ("body.assignees.0.subject", "the account is disabled")]
    assert refused(task_body(campaign["id"], assignees=[{"subject": "admin-1"}]))[0][0] == "body.assignees.0.subject"
    assert refused(task_body(campaign["id"], assignees=[{"subject": "fire-elsewhere"}]))[0][1] == (
        "the account's area does not cover the facility")
    assert refused(task_body(campaign["id"], assignees=[ZHANG, ZHANG])) == [
        ("body.assignees.1.subject", "listed twice")]
    # The account's name is recorded, whatever name was sent.
    task = plan(client, auth, task_body(campaign["id"], assignees=[{"subject": "inspector-zhang", "name": "别名"}]))
    assert task["assignees"] == [ZHANG]
    # Replanning checks again: another department leaves the fire inspector without a place on the task.
    path = f"{URL}/{task['id']}"
    moved = client.patch(path, json={"departments": ["health"]}, headers=headers)
    assert moved.status_code == 422 and moved.json()["errors"][0]["field"] == "body.assignees.0.subject"
    staffed = client.patch(path, json={"departments": ["health"], "assignees": [{"subject": "test-health-staff"}]},
                           headers=headers)
    assert staffed.status_code == 200 and staffed.json()["assignees"] == [
        {"subject": "test-health-staff", "name": "赵卫健"}]
    assert client.patch(path, json={"assignees": [{"subject": "nobody"}]}, headers=headers).status_code == 422
    # An account disabled later cannot be given a new task.
    account_updated(session, "inspector-li", "李检查员", "fire", disabled=True)
    accounts_consumer().drain(session)
    session.commit()
    assert refused(task_body(campaign["id"], assignees=[LI]))[0][1] == "the account is disabled"


def test_a_task_reaches_its_inspector_in_my_tasks(session: Session, client: TestClient, auth,
                                                  campaign: dict) -> None:
    inspectors = client.get("/api/inspection/inspectors", params={"department": "fire", "q": "张"},
                            headers=auth("fire", "head")).json()
    (zhang,) = inspectors["items"]
    task = plan(client, auth, task_body(campaign["id"], assignees=[{"subject": zhang["subject"]}]), "fire", "head")
    mine = client.get(URL, params={"mine": "true"}, headers=auth("fire", "staff", subject=zhang["subject"])).json()
    assert [t["id"] for t in mine["items"]] == [task["id"]]


def test_a_community_planner_sees_the_district_accounts(session: Session, client: TestClient, auth,
                                                        campaign: dict) -> None:
    # Department accounts live at the district: a planner of a smaller area may still give them a task.
    headers = auth("civil_affairs", "head", area=SUBDISTRICT)
    inspectors = client.get("/api/inspection/inspectors", params={"department": "fire"}, headers=headers).json()
    assert {row["subject"] for row in inspectors["items"]} == {"test-fire-staff", "inspector-zhang", "inspector-li"}
    response = client.post(URL, json=task_body(campaign["id"]), headers=headers)
    assert response.status_code == 201, response.text
    assert response.json()["area_code"] == COMMUNITY
