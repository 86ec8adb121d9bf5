"""A plan belongs to a campaign that exists and includes the facility; each campaign decides anew with a plan of its
own; the relocation page counts from the China date the plan was made."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from eldersafe_common import clock
from eldersafe_common.http import ServiceClient
from eldersafe_rectification.plans.models import FacilityPlan
from eldersafe_registry.models import Resident
from tests.services.registry.helpers import add_facility
from tests.support.registry_events import register

from .support import CAMPAIGN, campaign, drain, events, plan_body

FACILITY = "6f1c2a4e-0000-4000-8000-000000000401"
PLAN = f"/api/rectification/facilities/{FACILITY}/plan"
EARLIER = "33333333-3333-3333-3333-333333333333"


def leader(auth: Any) -> dict[str, str]:
    return auth("task_force", "leader", subject="leader-1")


def test_a_made_up_campaign_is_refused_naming_the_field(session: Session, client: TestClient, auth: Any) -> None:
    register(session, FACILITY, "松鹤颐养院")
    campaign(session, FACILITY)
    drain(session)
    response = client.put(PLAN, json=plan_body(campaign_id=str(uuid.uuid4())), headers=auth("civil_affairs"))
    problem = response.json()
    assert (response.status_code, problem["code"]) == (422, "campaign_not_found")
    assert [e["field"] for e in problem["errors"]] == ["body.campaign_id"]
    assert session.exec(select(FacilityPlan).where(col(FacilityPlan.facility_id) == FACILITY)).first() is None


def test_a_campaign_without_the_facility_is_refused(session: Session, client: TestClient, auth: Any) -> None:
    register(session, FACILITY, "松鹤颐养院")
    campaign(session, str(uuid.uuid4()))  # the campaign covers another facility only
    drain(session)
    response = client.put(PLAN, json=plan_body(), headers=auth("civil_affairs"))
    problem = response.json()
    assert (response.status_code, problem["code"]) == (422, "facility_not_in_campaign")
    assert [e["field"] for e in problem["errors"]] == ["body.campaign_id"]


def test_a_later_campaign_decides_anew_with_its_own_plan(session: Session, client: TestClient, auth: Any) -> None:
    register(session, FACILITY, "松鹤颐养院")
    campaign(session, FACILITY, campaign_id=EARLIER, started_days_ago=400)  # over long ago
    campaign(session, FACILITY)  # under way today
    drain(session)
    headers = auth("civil_affairs", "staff")
    earlier = client.put(PLAN, json=plan_body(campaign_id=EARLIER, decision="rectify"), headers=headers)
    assert earlier.status_code == 201, earlier.text
    assert client.post(f"{PLAN}/approve", params={"campaign_id": EARLIER}, json={},
                       headers=leader(auth)).status_code == 200

    current = client.put(PLAN, json=plan_body(decision="suspend"), headers=headers)
    assert current.status_code == 201, current.text  # not 409 plan_approved: another campaign, another plan
    assert current.json()["id"] != earlier.json()["id"]
    # Without a campaign the plan that applies now is meant: the one of the campaign under way.
    assert client.get(PLAN, headers=headers).json()["id"] == current.json()["id"]
    assert client.get(PLAN, params={"campaign_id": EARLIER}, headers=headers).json()["decision"] == "rectify"
    approved = client.post(f"{PLAN}/approve", json={}, headers=leader(auth))
    assert approved.status_code == 200 and approved.json()["campaign_id"] == CAMPAIGN
    assert [e.payload["campaign_id"] for e in events(session, "plan.approved")
            if e.payload["facility_id"] == FACILITY] == [EARLIER, CAMPAIGN]
    board = client.get("/api/rectification/plans", headers=headers).json()
    assert sorted(row["campaign_id"] for row in board["items"] if row["facility_id"] == FACILITY) == sorted(
        [EARLIER, CAMPAIGN])


def test_a_classification_drafts_once_per_campaign(session: Session, client: TestClient, auth: Any) -> None:
    from .support import classify

    register(session, FACILITY, "松鹤颐养院")
    campaign(session, FACILITY, campaign_id=EARLIER, started_days_ago=400)
    campaign(session, FACILITY)
    classify(session, FACILITY, "suspend", campaign_id=EARLIER)
    classify(session, FACILITY, "shutdown", campaign_id=CAMPAIGN)
    classify(session, FACILITY, "shutdown", campaign_id=CAMPAIGN)  # delivered twice
    drain(session)
    plans = session.exec(select(FacilityPlan).where(col(FacilityPlan.facility_id) == FACILITY)).all()
    assert sorted((p.campaign_id, p.decision) for p in plans) == sorted([(EARLIER, "suspend"),
                                                                        (CAMPAIGN, "shutdown")])


def test_the_relocation_page_counts_from_the_china_date_of_the_plan(
        session: Session, client: TestClient, registry: ServiceClient, auth: Any, make_token: Any) -> None:
    """A plan made at 01:30 China time (17:30 UTC the day before): who left the day before, by China's calendar,
    left before the plan and is no part of its relocation."""
    facility = add_facility(session, name="松鹤颐养院", residents=2, licensed_beds=10)
    campaign(session, facility.id)
    drain(session)
    assert client.put(f"/api/rectification/facilities/{facility.id}/plan", json=plan_body(),
                      headers=auth("civil_affairs", "staff")).status_code == 201
    made = datetime.combine(clock.china_today() - timedelta(days=3), datetime.min.time(), tzinfo=clock.CHINA) \
        + timedelta(hours=1, minutes=30)
    plan = session.exec(select(FacilityPlan).where(col(FacilityPlan.facility_id) == facility.id)).one()
    plan.created_at = made.astimezone(UTC)
    session.add(plan)
    session.commit()
    before, on_the_day = session.exec(select(Resident).where(col(Resident.facility_id) == facility.id)
                                      .order_by(col(Resident.name))).all()
    path = f"/api/registry/facilities/{facility.id}/residents"
    token = make_token("civil_affairs", "staff")
    for resident, day in ((before, made.date() - timedelta(days=1)), (on_the_day, made.date())):
        response = registry.request("DELETE", f"{path}/{resident.id}", token=token,
                                    json={"destination": "回家", "moved_out_on": day.isoformat()})
        assert response.status_code == 200, response.text
    body = client.get(f"/api/rectification/facilities/{facility.id}/relocation",
                      headers=auth("civil_affairs", "staff")).json()
    assert [row["resident_id"] for row in body["residents"]] == [on_the_day.id]
