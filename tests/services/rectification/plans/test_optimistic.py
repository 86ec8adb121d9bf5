"""A plan edit meets a newer version: 409 ``version_conflict`` for a stale version the client sent, for an edit
committed between the request's read and its write (only the database's check sees that one), and on
PostgreSQL for two sessions that both loaded the plan."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from eldersafe_common import clock
from eldersafe_rectification import deps
from eldersafe_rectification.plans import repository
from eldersafe_rectification.plans.models import FacilityPlan
from tests.conftest import COMMUNITY
from tests.support.optimistic import edited_meanwhile, second_writer_is_stale
from tests.support.registry_events import register

from .support import CAMPAIGN, campaign, drain, plan_body

FACILITY = "6f1c2a4e-0000-4000-8000-0000000000a3"
PLAN = f"/api/rectification/facilities/{FACILITY}/plan"


@pytest.fixture
def plan(session: Session, client: TestClient, auth: Any) -> dict[str, Any]:
    register(session, FACILITY, "松鹤颐养院")
    campaign(session, FACILITY)
    drain(session)
    response = client.put(PLAN, json=plan_body(), headers=auth("civil_affairs", "staff"))
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_a_stale_version_answers_409(client: TestClient, auth: Any, plan: dict[str, Any]) -> None:
    headers = auth("civil_affairs", "staff")
    first = client.put(PLAN, json=plan_body(decision="shutdown", version=plan["version"]), headers=headers)
    assert first.status_code == 200 and first.json()["version"] == plan["version"] + 1
    response = client.put(PLAN, json=plan_body(decision="rectify", version=plan["version"]), headers=headers)
    assert (response.status_code, response.json()["code"]) == (409, "version_conflict")


def test_an_edit_committed_after_the_read_answers_409(client: TestClient, auth: Any, plan: dict[str, Any],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    bumped = edited_meanwhile(monkeypatch, repository, "plan_of", "facility_plan")
    response = client.put(PLAN, json=plan_body(decision="shutdown", version=plan["version"]),
                          headers=auth("civil_affairs", "staff"))
    assert bumped == [plan["id"]]
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "version_conflict"
    monkeypatch.undo()
    after = client.get(PLAN, headers=auth("civil_affairs", "staff")).json()
    assert (after["decision"], after["version"]) == (plan["decision"], plan["version"])


def test_a_milestone_tick_committed_after_the_read_answers_409(client: TestClient, auth: Any, plan: dict[str, Any],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # Ticks carry no version: before the database checked it, the later of two ticks put back the list it read.
    edited_meanwhile(monkeypatch, repository, "plan_of", "facility_plan")
    response = client.post(f"{PLAN}/milestones/0/done", params={"campaign_id": CAMPAIGN}, json={"done": True},
                           headers=auth("civil_affairs", "staff"))
    assert (response.status_code, response.json()["code"]) == (409, "version_conflict"), response.text


@pytest.fixture
def committed_plan(migrated: str) -> Iterator[tuple[Engine, str]]:
    """A draft plan committed for real (two sessions must see it); removed afterwards."""
    engine = deps.get_engine()
    plan_id, now = str(uuid.uuid4()), clock.now()
    with Session(engine) as session:
        session.add(FacilityPlan(id=plan_id, facility_id=str(uuid.uuid4()), area_code=COMMUNITY, decision="suspend",
                                 created_at=now, updated_at=now))
        session.commit()
    yield engine, plan_id
    with Session(engine) as session:
        session.exec(delete(FacilityPlan).where(col(FacilityPlan.id) == plan_id))  # type: ignore[call-overload]
        session.commit()


@pytest.mark.postgres_only
def test_the_second_of_two_concurrent_edits_is_stale(committed_plan: tuple[Engine, str]) -> None:
    engine, plan_id = committed_plan

    def change(plan: Any, who: str) -> None:
        plan.measures = f"{who}: 停业整改"

    second_writer_is_stale(engine, FacilityPlan, plan_id, change)
    with Session(engine) as session:
        plan = session.get(FacilityPlan, plan_id)
        assert plan is not None and plan.measures == "first: 停业整改"
