"""Inspections belong to their campaign's survey and rectification phases (409 naming the phase and the dates),
except the follow-up visits and tip checks the campaign scheduled; self-checks are never refused."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_inspection.campaigns.models import Campaign
from eldersafe_inspection.tasks.models import InspectionTask
from tests.conftest import COMMUNITY

from .helpers import URL, World, create_body


def shift(session: Session, world: World, *, days: int) -> Campaign:
    """Move the world's campaign so that today lies ``days`` days after its survey started."""
    campaign = session.get(Campaign, world.campaign_id)
    assert campaign is not None
    start = clock.china_today() - timedelta(days=days)
    campaign.survey_start, campaign.survey_end = start, start + timedelta(days=9)
    campaign.rectification_start, campaign.rectification_end = start + timedelta(days=10), start + timedelta(days=19)
    campaign.review_start, campaign.review_end = start + timedelta(days=20), start + timedelta(days=29)
    session.add(campaign)
    session.commit()
    return campaign


def task(session: Session, world: World, mode: str) -> str:
    row = InspectionTask(id=str(uuid.uuid4()), campaign_id=world.campaign_id,
                         facility_id=world.facility_id, area_code=COMMUNITY, departments=["fire"], mode=mode,
                         assignees=[], due_date=clock.china_today(), created_by="seed", created_at=clock.now())
    session.add(row)
    session.commit()
    return row.id


@pytest.mark.parametrize(("days", "phase"), [(-1, "planned"), (20, "review"), (30, "closed")])
def test_outside_survey_and_rectification_an_inspection_is_refused(session: Session, client: TestClient, auth: Any,
                                                                   world: World, days: int, phase: str) -> None:
    campaign = shift(session, world, days=days)
    response = client.post(URL, json=create_body(world), headers=auth("fire", "staff"))
    assert response.status_code == 409, response.text
    problem = response.json()
    assert (problem["code"], problem["reason"]) == ("outside_campaign_phase", phase)
    assert str(campaign.survey_start) in problem["detail"] and str(campaign.rectification_end) in problem["detail"]


@pytest.mark.parametrize("days", [0, 9, 10, 19])
def test_survey_and_rectification_take_inspections(session: Session, client: TestClient, auth: Any, world: World,
                                                   days: int) -> None:
    shift(session, world, days=days)
    assert client.post(URL, json=create_body(world), headers=auth("fire", "staff")).status_code == 201


@pytest.mark.parametrize("mode", ["follow_up", "tip_check"])
def test_a_scheduled_follow_up_or_tip_check_comes_at_any_time(session: Session, client: TestClient, auth: Any,
                                                               world: World, mode: str) -> None:
    shift(session, world, days=25)
    body = create_body(world, mode=mode, task_id=task(session, world, mode))
    response = client.post(URL, json=body, headers=auth("fire", "staff"))
    assert response.status_code == 201, response.text
    # The same mode without the campaign's task is refused like any other visit.
    refused = client.post(URL, json=create_body(world, mode=mode), headers=auth("fire", "staff"))
    assert refused.status_code == 409
    # A task of another mode does not open the door either.
    announced = create_body(world, task_id=task(session, world, "announced"))
    assert client.post(URL, json=announced, headers=auth("fire", "staff")).status_code == 409


def test_a_self_check_is_never_refused(session: Session, client: TestClient, auth: Any, world: World) -> None:
    shift(session, world, days=40)
    manager = auth("facility", "manager", area=COMMUNITY, facility=world.facility_id)
    response = client.post(URL, json=create_body(world, mode="self_check"), headers=manager)
    assert response.status_code == 201, response.text
