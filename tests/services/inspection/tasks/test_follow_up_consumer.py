"""rectification's follow_up.requested becomes one planned task of mode follow_up."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlmodel import Session, col, select

from eldersafe_common.events import EventType, publish
from eldersafe_inspection.consumers import consumers
from eldersafe_inspection.tasks.models import InspectionTask
from tests.conftest import COMMUNITY

from ..campaigns.support import FA, create_campaign, on_survey_day, seed_facilities  # noqa: F401

pytestmark = pytest.mark.usefixtures("on_survey_day")


class Requested(BaseModel):
    follow_up_id: str
    campaign_id: str
    facility_id: str
    facility_name: str | None = "甲院"
    area_code: str = COMMUNITY
    departments: list[str]
    reason: str = "all_signed_off"
    due_date: str = "2026-06-30"


REQUESTED = EventType("follow_up.requested", 1, Requested)


def request(session: Session, **fields: object) -> None:
    payload = Requested(follow_up_id=str(uuid.uuid4()), **fields)  # type: ignore[arg-type]
    publish(session, REQUESTED, subject=f"facility:{payload.facility_id}", payload=payload,
            producer="rectification")


def drain(session: Session) -> None:
    for consumer in consumers():
        consumer.drain(session)


def follow_up_tasks(session: Session) -> list[InspectionTask]:
    return list(session.exec(select(InspectionTask).where(col(InspectionTask.mode) == "follow_up")))


def test_request_plans_one_follow_up_task(session: Session, client: TestClient, auth) -> None:
    seed_facilities(session)
    campaign = create_campaign(client, auth)
    request(session, campaign_id=campaign["id"], facility_id=FA, departments=["fire", "market"])
    drain(session)
    drain(session)  # nothing new to read: still one task
    [task] = follow_up_tasks(session)
    assert (task.facility_id, task.status, task.assignees, str(task.due_date)) == (FA, "planned", [], "2026-06-30")
    # market is not a department of the campaign: the visit goes to the ones that are
    assert task.departments == [d for d in ["fire", "market"] if d in campaign["departments"]]
    assert task.created_by == "rectification"
    listed = client.get("/api/inspection/tasks", params={"campaign_id": campaign["id"]},
                        headers=auth("civil_affairs", "staff")).json()
    assert [(t["mode"], t["facility_id"]) for t in listed["items"]] == [("follow_up", FA)]


def test_request_for_an_unknown_campaign_is_consumed_without_a_task(session: Session) -> None:
    request(session, campaign_id=str(uuid.uuid4()), facility_id=FA, departments=["fire"])
    drain(session)
    assert follow_up_tasks(session) == []
