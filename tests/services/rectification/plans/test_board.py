"""The plan board: filters, area, and relocation counts taken from this service's own records."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.conftest import COMMUNITY, DISTRICT, SUBDISTRICT
from tests.support.registry_events import register, update

from .support import CAMPAIGN, campaign, classify, drain, in_days, plan_body, relocated

URL = "/api/rectification/plans"
A, B, C = (f"6f1c2a4e-0000-4000-8000-00000000010{i}" for i in range(3))
OTHER_SUBDISTRICT = DISTRICT + "002"
OTHER_COMMUNITY = OTHER_SUBDISTRICT + "001"
OTHER_CAMPAIGN = "33333333-3333-3333-3333-333333333333"


def seed(session: Session, client: TestClient, auth: Any) -> None:
    register(session, A, "甲院", residents_count=3)
    register(session, B, "乙院")
    register(session, C, "丙院", area_code=OTHER_COMMUNITY, community_code=OTHER_COMMUNITY,
             subdistrict_code=OTHER_SUBDISTRICT)
    campaign(session, A, B)
    classify(session, A, "shutdown")
    classify(session, C, "suspend", campaign_id=OTHER_CAMPAIGN, area_code=OTHER_COMMUNITY)
    relocated(session, A, "r-1")
    relocated(session, A, "r-2")
    update(session, A, "甲院", changed=["residents_count"], residents_count=1)
    drain(session)
    body = plan_body(decision="rectify", milestones=[
        {"title": "一", "owner": "王", "due_date": in_days(9)}, {"title": "二", "owner": "李", "due_date": in_days(4)}])
    assert client.put(f"/api/rectification/facilities/{B}/plan", json=body,
                      headers=auth("civil_affairs", "staff")).status_code == 201
    assert client.post(f"/api/rectification/facilities/{B}/plan/approve", json={},
                       headers=auth("task_force", "leader")).status_code == 200


def by_facility(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["facility_id"]: item for item in body["items"]}


def test_the_board_lists_plans_with_relocation_progress(session: Session, client: TestClient, auth: Any) -> None:
    seed(session, client, auth)
    body = client.get(URL, headers=auth("task_force", "leader")).json()
    assert body["total"] == 3 and (body["page"], body["page_size"]) == (1, 20)
    # Drafts come first: they wait for the leader.
    assert [item["state"] for item in body["items"]] == ["draft", "draft", "approved"]
    rows = by_facility(body)
    assert (rows[A]["decision"], rows[A]["relocated"], rows[A]["remaining"]) == ("shutdown", 2, 1)
    assert (rows[A]["facility_name"], rows[A]["facility_status"], rows[A]["campaign_id"]) == ("甲院", "operating",
                                                                                               CAMPAIGN)
    assert (rows[B]["milestones_total"], rows[B]["milestones_done"], rows[B]["next_due_date"]) == (2, 0, in_days(4))
    assert rows[B]["relocated"] == 0 and rows[B]["approved_at"] is not None


def test_the_board_filters(session: Session, client: TestClient, auth: Any) -> None:
    seed(session, client, auth)
    headers = auth("civil_affairs", "head")
    assert set(by_facility(client.get(URL, params={"state": "approved"}, headers=headers).json())) == {B}
    assert set(by_facility(client.get(URL, params={"decision": "suspend"}, headers=headers).json())) == {C}
    assert set(by_facility(client.get(URL, params={"campaign_id": CAMPAIGN}, headers=headers).json())) == {A, B}
    page = client.get(URL, params={"page": 2, "page_size": 2}, headers=headers).json()
    assert (len(page["items"]), page["total"]) == (1, 3)


def test_the_board_keeps_to_the_callers_area(session: Session, client: TestClient, auth: Any) -> None:
    seed(session, client, auth)
    inside = client.get(URL, headers=auth("subdistrict", "officer", area=SUBDISTRICT)).json()
    assert set(by_facility(inside)) == {A, B} and inside["total"] == 2
    manager = client.get(URL, headers=auth("facility", "manager", area=COMMUNITY, facility=A)).json()
    assert set(by_facility(manager)) == {A} and manager["total"] == 1


def test_the_board_refuses_bad_queries(client: TestClient, auth: Any) -> None:
    headers = auth("fire", "staff")
    for params in ({"state": "done"}, {"decision": "close"}, {"page_size": 101}, {"page": 0}, {"stat": "draft"},
                   {"campaign_id": "x" * 37}):
        response = client.get(URL, params=params, headers=headers)
        assert response.status_code == 422, params
    assert client.get(URL, headers=auth("city_platform", "client")).status_code == 403
    assert client.get(URL).status_code == 401
