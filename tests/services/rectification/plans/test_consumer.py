"""Consumer rectification.plans: drafts from classification, relocation records, relocation.completed once."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from eldersafe_common.events import EventRecord, ReceivedEvent
from eldersafe_rectification.plans.consumer import plans_consumer
from eldersafe_rectification.plans.models import FacilityPlan, Relocation
from tests.conftest import DISTRICT
from tests.support.registry_events import change_status, register, update

from .support import CAMPAIGN, campaign, classify, drain, events, plan_body, relocated

FACILITY = "6f1c2a4e-0000-4000-8000-000000000201"
PLAN = f"/api/rectification/facilities/{FACILITY}/plan"


def plans(session: Session) -> list[FacilityPlan]:
    return list(session.exec(select(FacilityPlan).where(col(FacilityPlan.facility_id) == FACILITY)))


def test_classification_shutdown_starts_one_draft_however_often_delivered(session: Session) -> None:
    register(session, FACILITY, "松鹤颐养院")
    campaign(session, FACILITY)
    classify(session, FACILITY, "shutdown")
    drain(session)
    [plan] = plans(session)
    assert (plan.state, plan.decision, plan.campaign_id, plan.facility_name) == ("draft", "shutdown", CAMPAIGN,
                                                                                 "松鹤颐养院")
    # The same event handed to the handler again (redelivery), and a second publication of the decision.
    [record] = session.exec(select(EventRecord).where(col(EventRecord.type) == "facility.classified")).all()
    plans_consumer().handlers["facility.classified"](session, ReceivedEvent.from_record(record))
    classify(session, FACILITY, "suspend")
    drain(session)
    assert [(p.id, p.decision) for p in plans(session)] == [(plan.id, "shutdown")]


def test_pass_and_unknown_classes_start_no_plan(session: Session) -> None:
    register(session, FACILITY, "松鹤颐养院")
    campaign(session, FACILITY)
    classify(session, FACILITY, "pass")
    classify(session, FACILITY, "rectify")
    drain(session)
    assert plans(session) == []


def test_classification_keeps_a_plan_the_task_force_wrote(session: Session, client: TestClient, auth: Any) -> None:
    register(session, FACILITY, "松鹤颐养院")
    campaign(session, FACILITY)
    drain(session)
    client.put(PLAN, json=plan_body(decision="rectify"), headers=auth("civil_affairs", "staff"))
    classify(session, FACILITY, "shutdown")
    drain(session)
    assert [p.decision for p in plans(session)] == ["rectify"]


def test_a_draft_follows_the_facility_when_it_moves(session: Session) -> None:
    register(session, FACILITY, "松鹤颐养院")
    campaign(session, FACILITY)
    classify(session, FACILITY, "suspend")
    other = DISTRICT + "002001"
    update(session, FACILITY, "松鹤养老中心", changed=["name", "area_code"], area_code=other, community_code=other)
    drain(session)
    [plan] = plans(session)
    assert (plan.facility_name, plan.area_code) == ("松鹤养老中心", other)


def test_one_relocation_record_per_resident(session: Session) -> None:
    relocated(session, FACILITY, "r-1", destination_kind="family", receiving_facility_name=None, destination="儿子家")
    relocated(session, FACILITY, "r-2")
    # A correction announced later for the same resident replaces the record.
    relocated(session, FACILITY, "r-1", destination_kind="hospital", receiving_facility_name=None,
              destination="区人民医院", moved_on=date(2026, 3, 6))
    drain(session)
    rows = {r.resident_id: r for r in session.exec(select(Relocation)).all() if r.facility_id == FACILITY}
    assert set(rows) == {"r-1", "r-2"}
    assert (rows["r-1"].destination_kind, rows["r-1"].destination, rows["r-1"].moved_on) == (
        "hospital", "区人民医院", date(2026, 3, 6))
    assert (rows["r-2"].receiving_facility_name, rows["r-2"].confirmed_by_name) == ("竹园老年公寓", "家属王某")


def approved_plan(session: Session, client: TestClient, auth: Any, **overrides: Any) -> None:
    register(session, FACILITY, "松鹤颐养院")
    campaign(session, FACILITY)
    drain(session)
    assert client.put(PLAN, json=plan_body(**overrides), headers=auth("civil_affairs", "staff")).status_code == 201
    assert client.post(f"{PLAN}/approve", json={}, headers=auth("task_force", "leader")).status_code == 200


def test_stopping_under_an_approved_plan_completes_relocation_exactly_once(session: Session, client: TestClient,
                                                                           auth: Any) -> None:
    approved_plan(session, client, auth, decision="shutdown")
    relocated(session, FACILITY, "r-1")
    relocated(session, FACILITY, "r-2")
    change_status(session, FACILITY, "operating", "suspended")
    change_status(session, FACILITY, "suspended", "shut_down")
    drain(session)
    [event] = events(session, "relocation.completed")
    plan = client.get(PLAN, headers=auth("admin", "staff")).json()
    assert (event.subject, event.version, event.producer) == (f"facility:{FACILITY}", 1, "rectification")
    assert event.payload == {
        "plan_id": plan["id"], "facility_id": FACILITY, "area_code": plan["area_code"], "campaign_id": CAMPAIGN,
        "decision": "shutdown", "to_status": "suspended", "relocated": 2,
        "completed_at": event.payload["completed_at"],
    }
    assert plan["relocation_completed_at"] is not None
    # Delivered again: still one.
    [record] = session.exec(select(EventRecord).where(col(EventRecord.type) == "facility.status_changed")
                            .order_by(col(EventRecord.id))).all()[:1]
    plans_consumer().handlers["facility.status_changed"](session, ReceivedEvent.from_record(record))
    assert len(events(session, "relocation.completed")) == 1


def test_a_draft_completes_nothing(session: Session, client: TestClient, auth: Any) -> None:
    register(session, FACILITY, "松鹤颐养院")
    campaign(session, FACILITY)
    classify(session, FACILITY, "suspend")
    change_status(session, FACILITY, "operating", "suspended")
    drain(session)
    assert events(session, "relocation.completed") == []
    assert plans(session)[0].relocation_completed_at is None


def test_reopening_is_not_a_completion(session: Session, client: TestClient, auth: Any) -> None:
    approved_plan(session, client, auth)
    change_status(session, FACILITY, "suspended", "operating")
    drain(session)
    assert events(session, "relocation.completed") == []
