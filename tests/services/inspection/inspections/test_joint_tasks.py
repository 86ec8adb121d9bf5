"""A task moves to in_progress when its inspection starts, and a joint task is done only when every department
on it has submitted; until then it names the departments still missing."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_inspection.tasks.models import InspectionTask
from tests.conftest import COMMUNITY

from ..campaigns.support import seed_inspectors
from .helpers import URL, World, create_body, passing, upload

TASKS = "/api/inspection/tasks"
MARKET_INSPECTOR = [{"name": "李市监", "department": "market", "subject": "test-market-staff"}]


def joint_task(session: Session, world: World) -> str:
    task = InspectionTask(id=str(uuid.uuid4()), campaign_id=world.campaign_id, facility_id=world.facility_id,
                          area_code=COMMUNITY, departments=["fire", "market"], mode="announced",
                          assignees=[{"subject": "test-fire-staff", "name": "王消防"},
                                     {"subject": "test-market-staff", "name": "李市监"}],
                          due_date=clock.china_today() + timedelta(days=3), created_by="seed", created_at=clock.now())
    session.add(task)
    session.commit()
    return task.id


def read(client: TestClient, auth: Any, task_id: str) -> dict[str, Any]:
    return dict(client.get(f"{TASKS}/{task_id}", headers=auth("civil_affairs", "head")).json())


def test_a_joint_task_is_done_when_every_department_has_submitted(session: Session, client: TestClient, auth: Any,
                                                                  world: World) -> None:
    task_id = joint_task(session, world)
    assert (read(client, auth, task_id)["status"], read(client, auth, task_id)["departments_missing"]) == (
        "planned", ["fire", "market"])
    fire = auth("fire", "staff")
    draft = client.post(URL, json=create_body(world, task_id=task_id), headers=fire).json()
    started = read(client, auth, task_id)
    # In progress as soon as its inspection starts (it used to stay planned until the submit).
    assert (started["status"], started["inspection_id"], started["inspections"]) == (
        "in_progress", draft["id"], [{"id": draft["id"], "departments": ["fire"], "status": "draft"}])
    photo = upload(client, fire)
    client.put(f"{URL}/{draft['id']}/answers", headers=fire,
               json={"answers": passing(world, "F1", "F2", "F3", "F4", F4=[photo])}).raise_for_status()
    client.post(f"{URL}/{draft['id']}/submit", headers=fire).raise_for_status()
    half = read(client, auth, task_id)
    assert (half["status"], half["departments_done"], half["departments_missing"]) == (
        "in_progress", ["fire"], ["market"])
    market = auth("market", "staff")
    second = client.post(URL, json=create_body(world, task_id=task_id, departments=["market"],
                                               inspectors=MARKET_INSPECTOR), headers=market)
    assert second.status_code == 201, second.text
    client.put(f"{URL}/{second.json()['id']}/answers", headers=market,
               json={"answers": passing(world, "M1")}).raise_for_status()
    client.post(f"{URL}/{second.json()['id']}/submit", headers=market).raise_for_status()
    done = read(client, auth, task_id)
    assert (done["status"], done["departments_done"], done["departments_missing"]) == (
        "done", ["fire", "market"], [])
    assert [(row["id"], row["departments"], row["status"]) for row in done["inspections"]] == [
        (draft["id"], ["fire"], "submitted"), (second.json()["id"], ["market"], "submitted")]
    listed = client.get(TASKS, params={"status": "done"}, headers=auth("civil_affairs", "head")).json()
    assert [row["id"] for row in listed["items"]] == [task_id]


def test_one_joint_inspection_does_a_joint_task(session: Session, client: TestClient, auth: Any,
                                                world: World) -> None:
    task_id = joint_task(session, world)
    fire, market = auth("fire", "staff"), auth("market", "staff")
    body = create_body(world, task_id=task_id, departments=["fire", "market"],
                       inspectors=[{"name": "王消防", "department": "fire"}, *MARKET_INSPECTOR])
    draft = client.post(URL, json=body, headers=fire).json()
    photo = upload(client, fire)
    client.put(f"{URL}/{draft['id']}/answers", headers=fire,
               json={"answers": passing(world, "F1", "F2", "F3", "F4", F4=[photo])}).raise_for_status()
    client.put(f"{URL}/{draft['id']}/answers", headers=market,
               json={"answers": passing(world, "M1")}).raise_for_status()
    client.post(f"{URL}/{draft['id']}/submit", headers=fire).raise_for_status()
    assert read(client, auth, task_id)["status"] == "done"


def test_an_inspection_for_a_task_stays_within_its_departments(session: Session, client: TestClient, auth: Any,
                                                               world: World) -> None:
    task = InspectionTask(id=str(uuid.uuid4()), campaign_id=world.campaign_id, facility_id=world.facility_id,
                          area_code=COMMUNITY, departments=["fire"], mode="announced", assignees=[],
                          due_date=clock.china_today(), created_by="seed", created_at=clock.now())
    session.add(task)
    session.commit()
    response = client.post(URL, headers=auth("market", "staff"), json=create_body(
        world, task_id=task.id, departments=["market"], inspectors=MARKET_INSPECTOR))
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "body.departments.0", "reason": "not a department of the task"}]
    assert read(client, auth, task.id)["status"] == "planned"


def test_a_joint_task_left_with_only_the_departments_done_is_done(session: Session, client: TestClient, auth: Any,
                                                                   world: World) -> None:
    task_id = joint_task(session, world)
    fire = auth("fire", "staff")
    draft = client.post(URL, json=create_body(world, task_id=task_id), headers=fire).json()
    photo = upload(client, fire)
    client.put(f"{URL}/{draft['id']}/answers", headers=fire,
               json={"answers": passing(world, "F1", "F2", "F3", "F4", F4=[photo])}).raise_for_status()
    client.post(f"{URL}/{draft['id']}/submit", headers=fire).raise_for_status()
    assert read(client, auth, task_id)["status"] == "in_progress"
    # The planners take market off the task (its assignee with it): fire alone has inspected, so it is done.
    seed_inspectors(session)
    replanned = client.patch(f"{TASKS}/{task_id}", headers=auth("civil_affairs", "head"), json={
        "departments": ["fire"], "assignees": [{"subject": "test-fire-staff"}]})
    assert replanned.status_code == 200, replanned.text
    assert (replanned.json()["status"], replanned.json()["departments_missing"]) == ("done", [])
