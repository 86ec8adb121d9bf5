import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common.errors import Conflict
from eldersafe_inspection.tasks.service import mark_task_done, mark_task_in_progress
from tests.conftest import COMMUNITY

from ..campaigns.support import (
    FA,
    FB,
    FC,
    FE,
    create_campaign,
    on_survey_day,  # noqa: F401  (fixture)
    seed_facilities,
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
    # A facility outside the planner's area: not found.
    response = client.post(URL, json=task_body(campaign["id"], facility_id=FC),
                           headers=auth("civil_affairs", "head", area=COMMUNITY))
    assert response.status_code == 404
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
    response = client.post(URL, json=task_body("00000000-0000-4000-8000-000000000000"), headers=headers)
    assert response.status_code == 404


def test_cancel_and_restore(client: TestClient, auth, campaign: dict) -> None:
    task = plan(client, auth, task_body(campaign["id"]))
    headers = auth("civil_affairs", "head")
    path = f"{URL}/{task['id']}"
    assert client.patch(path, json={"status": "cancelled"}, headers=headers).json()["status"] == "cancelled"
    assert client.patch(path, json={"status": "done"}, headers=headers).status_code == 422
    response = client.patch(path, json={"status": "planned", "assignees": [LI]}, headers=headers)
    assert response.json()["status"] == "planned" and response.json()["assignees"] == [LI]


def test_inspections_move_a_task_on(session: Session, client: TestClient, auth, campaign: dict) -> None:
    task = plan(client, auth, task_body(campaign["id"]))
    inspection_id = "11111111-2222-4333-8444-555555555555"
    mark_task_in_progress(session, task_id=task["id"], inspection_id=inspection_id)
    headers = auth("civil_affairs", "head")
    assert client.get(f"{URL}/{task['id']}", headers=headers).json()["status"] == "in_progress"
    assert client.patch(f"{URL}/{task['id']}", json={"status": "cancelled"}, headers=headers).status_code == 409
    with pytest.raises(Conflict):
        mark_task_in_progress(session, task_id=task["id"], inspection_id="another")
    mark_task_done(session, task_id=task["id"], inspection_id=inspection_id)
    mark_task_done(session, task_id=task["id"], inspection_id=inspection_id)  # a repeated submit
    body = client.get(f"{URL}/{task['id']}", headers=headers).json()
    assert body["status"] == "done" and body["inspection_id"] == inspection_id
    assert client.get(URL, params={"status": "done"}, headers=headers).json()["total"] == 1
    assert client.patch(f"{URL}/{task['id']}", json={"due_date": "2026-03-06"}, headers=headers).status_code == 409
