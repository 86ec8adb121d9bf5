"""Triage: assigning a tip as a tip_check task, marking it a duplicate, closing it; every refusal, the events
and the optimistic version."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_inspection.tasks.models import InspectionTask
from eldersafe_inspection.tipoffs.tips.models import Tip
from tests.conftest import COMMUNITY, DISTRICT
from tests.services.inspection.campaigns.support import on_survey_day  # noqa: F401

from .triage_support import TIPS, A, B, C, E, World, build_world, create_campaign, events_of, make_tip

pytestmark = pytest.mark.usefixtures("on_survey_day")

ASSIGNED_KEYS = {"tip_id", "number", "facility_id", "area_code", "department", "task_id", "campaign_id"}


@pytest.fixture
def world(session: Session, client: TestClient, auth: Any) -> World:
    return build_world(session, client, auth)


def _assign(client: TestClient, headers: dict[str, str], tip: Tip, **body: Any) -> Any:
    return client.post(f"{TIPS}/{tip.id}/assign", json={"department": "fire", "version": 1, **body},
                       headers=headers)


# Assigning


def test_assign_creates_the_tip_check_task_in_the_newest_campaign(session: Session, client: TestClient, auth: Any,
                                                                  world: World) -> None:
    older = world.campaign_id
    newer = create_campaign(client, auth, name="回头看专项", survey_start="2026-03-02")["id"]
    tip = make_tip(session, facility=A)
    response = _assign(client, auth("civil_affairs", "staff"), tip)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "assigned" and body["assigned_department"] == "fire"
    assert body["campaign_id"] == newer != older
    assert body["version"] == 2 and body["triaged_by_name"] == "Test civil_affairs staff"
    task = session.get(InspectionTask, body["task_id"])
    assert task is not None
    assert (task.mode, task.departments, task.facility_id, task.status, task.assignees) == (
        "tip_check", ["fire"], A[0], "planned", [])
    assert task.due_date.isoformat() == "2026-03-10"  # a week from the survey day
    (event,) = events_of(session, "tip.assigned")
    assert (event.subject, event.version, event.producer) == (f"tip:{tip.id}", 1, "inspection")
    assert set(event.payload) == ASSIGNED_KEYS
    assert event.payload == {"tip_id": tip.id, "number": tip.number, "facility_id": A[0], "area_code": COMMUNITY,
                             "department": "fire", "task_id": task.id, "campaign_id": newer}
    # The department's head sees the task to staff it.
    tasks = client.get("/api/inspection/tasks", params={"department": "fire"}, headers=auth("fire", "head")).json()
    assert [row["id"] for row in tasks["items"]] == [task.id]


def test_assign_names_the_facility_when_the_reporter_only_said_where(session: Session, client: TestClient,
                                                                     auth: Any, world: World) -> None:
    tip = make_tip(session, category="unlicensed")
    assert tip.area_code == DISTRICT
    missing = _assign(client, auth("civil_affairs", "staff"), tip)
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "body.facility_id"
    response = _assign(client, auth("admin"), tip, facility_id=B[0], campaign_id=world.campaign_id,
                       due_date="2026-03-05")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["facility_id"], body["facility_name"], body["area_code"]) == (B[0], "乙院", COMMUNITY)
    task = session.get(InspectionTask, body["task_id"])
    assert task is not None and task.due_date.isoformat() == "2026-03-05"
    # Now in the community: its officer reads it.
    community = auth("community", "officer", area=COMMUNITY)
    assert client.get(f"{TIPS}/{tip.id}", headers=community).status_code == 200


def test_assign_without_a_campaign_says_what_to_do(session: Session, client: TestClient, auth: Any,
                                                   world: World) -> None:
    # E is shut down: no campaign targets it.
    tip = make_tip(session, facility=E)
    response = _assign(client, auth("civil_affairs", "head"), tip)
    assert response.status_code == 409 and response.json()["code"] == "no_campaign"
    assert "campaign" in response.json()["detail"]
    # A department the campaign does not include has no campaign either.
    tip_a = make_tip(session, facility=A)
    response = _assign(client, auth("civil_affairs", "head"), tip_a, department="market")
    assert response.status_code == 409 and response.json()["code"] == "no_campaign"
    named = _assign(client, auth("civil_affairs", "head"), tip_a, department="market", campaign_id=world.campaign_id)
    assert named.status_code == 422 and named.json()["errors"][0]["field"] == "body.department"
    assert events_of(session, "tip.assigned") == []
    assert session.get(Tip, tip_a.id).status == "received"  # type: ignore[union-attr]


@pytest.mark.parametrize(("body", "field"), [
    ({"due_date": "2026-03-02"}, "body.due_date"),  # passed
    ({"due_date": "2026-07-01"}, "body.due_date"),  # after the campaign
    ({"due_date": "03/05/2026"}, "body.due_date"),
    ({"department": "tax"}, "body.department"),
    ({"version": "1"}, "body.version"),
    ({"version": 0}, "body.version"),
    ({"facility_id": "a\x00b"}, "body"),
    ({"priority": "high"}, "body.priority"),
    ({"campaign_id": "not-a-uuid"}, "body.campaign_id"),
])
def test_assign_refuses_bad_input(session: Session, client: TestClient, auth: Any, world: World,
                                  body: dict[str, Any], field: str) -> None:
    tip = make_tip(session, facility=A)
    response = _assign(client, auth("civil_affairs", "staff"), tip, **body)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"].startswith(field)


def test_assign_to_an_unknown_facility_or_campaign_is_refused_by_name(session: Session, client: TestClient,
                                                                     auth: Any, world: World) -> None:
    # Codes must exist (issue 11): an id in the body that leads nowhere is a 422 naming the field (it was a 404).
    tip = make_tip(session, facility=A)
    headers = auth("civil_affairs", "staff")
    response = _assign(client, headers, tip, facility_id="00000000-0000-4000-8000-00000000ffff")
    assert response.status_code == 422 and response.json()["code"] == "facility_not_found"
    assert response.json()["errors"][0]["field"] == "body.facility_id"
    response = _assign(client, headers, tip, campaign_id="00000000-0000-4000-8000-00000000ffff")
    assert response.status_code == 422 and response.json()["code"] == "campaign_not_found"
    assert response.json()["errors"][0]["field"] == "body.campaign_id"


@pytest.mark.parametrize(("role", "position", "area", "status"), [
    ("fire", "head", DISTRICT, 404),  # a department does not even see a tip not assigned to it
    ("task_force", "leader", DISTRICT, 403),
    ("subdistrict", "head", "999001001", 403),
    ("community", "officer", COMMUNITY, 403),
    ("reward_custodian", "custodian", DISTRICT, 403),
    ("community", "officer", "999001002001", 404),
    ("facility", "manager", COMMUNITY, 403),
    ("city_platform", "client", DISTRICT, 403),
])
def test_only_triage_assigns(session: Session, client: TestClient, auth: Any, world: World, role: str,
                             position: str, area: str, status: int) -> None:
    tip = make_tip(session, facility=A)
    headers = auth(role, position, area=area, facility=A[0] if role == "facility" else None)
    for action, body in (("assign", {"department": "fire"}), ("close", {"reason": "信息不足，无法核查"}),
                         ("duplicate", {"duplicate_of": tip.id})):
        response = client.post(f"{TIPS}/{tip.id}/{action}", json={**body, "version": 1}, headers=headers)
        assert response.status_code == status, (action, response.text)
    assert events_of(session, "tip.assigned") == [] and events_of(session, "tip.closed") == []


def test_the_assigned_department_does_not_triage(session: Session, client: TestClient, auth: Any,
                                                 world: World) -> None:
    tip = make_tip(session, facility=A, status="assigned", assigned_department="fire")
    response = client.post(f"{TIPS}/{tip.id}/close", json={"reason": "我们核查不了这个", "version": 1},
                           headers=auth("fire", "head"))
    assert response.status_code == 403 and response.json()["code"] == "role_forbidden"


def test_a_stale_version_is_a_conflict_and_changes_nothing(session: Session, client: TestClient, auth: Any,
                                                           world: World) -> None:
    tip = make_tip(session, facility=A)
    headers = auth("civil_affairs", "staff")
    first = client.post(f"{TIPS}/{tip.id}/close", json={"reason": "举报内容与养老机构无关", "version": 1},
                        headers=headers)
    assert first.status_code == 200 and first.json()["version"] == 2
    for action, body in (("assign", {"department": "fire"}), ("close", {"reason": "重复操作一次看看"}),
                         ("duplicate", {"duplicate_of": make_tip(session).id})):
        response = client.post(f"{TIPS}/{tip.id}/{action}", json={**body, "version": 1}, headers=headers)
        assert response.status_code == 409 and response.json()["code"] == "version_conflict"
    assert len(events_of(session, "tip.closed")) == 1


def test_only_a_received_tip_is_triaged(session: Session, client: TestClient, auth: Any, world: World) -> None:
    headers = auth("civil_affairs", "staff")
    for status in ("assigned", "duplicate", "closed", "verified", "unfounded"):
        tip = make_tip(session, facility=A, status=status)
        for action, body in (("assign", {"department": "fire"}), ("close", {"reason": "信息不足，无法核查"}),
                             ("duplicate", {"duplicate_of": make_tip(session).id})):
            response = client.post(f"{TIPS}/{tip.id}/{action}", json={**body, "version": 1}, headers=headers)
            assert response.status_code == 409 and response.json()["code"] == "tip_not_open", (status, action)


def test_a_tip_whose_check_task_was_cancelled_is_assigned_again(session: Session, client: TestClient, auth: Any,
                                                                world: World) -> None:
    tip = make_tip(session, facility=A)
    headers = auth("civil_affairs", "staff")
    first = _assign(client, headers, tip).json()
    again = _assign(client, headers, tip, department="health", version=2)
    assert again.status_code == 409 and again.json()["code"] == "tip_not_open"
    cancel = client.patch(f"/api/inspection/tasks/{first['task_id']}", json={"status": "cancelled"},
                          headers=headers)
    assert cancel.status_code == 200, cancel.text
    again = _assign(client, headers, tip, department="health", version=2)
    assert again.status_code == 200, again.text
    assert again.json()["assigned_department"] == "health" and again.json()["task_id"] != first["task_id"]
    assert [e.payload["department"] for e in events_of(session, "tip.assigned")] == ["fire", "health"]
    # The fire department no longer sees it.
    assert client.get(f"{TIPS}/{tip.id}", headers=auth("fire", "staff")).status_code == 404


# Duplicates


def test_a_duplicate_points_at_the_original_case(session: Session, client: TestClient, auth: Any,
                                                 world: World) -> None:
    original = make_tip(session, facility=A, status="assigned", assigned_department="fire")
    middle = make_tip(session, facility=A, status="duplicate", duplicate_of=original.id)
    tip = make_tip(session, facility=A, possible_duplicate_of=middle.id)
    # By case number, pointing at a duplicate: the chain is followed to the case being handled.
    response = client.post(f"{TIPS}/{tip.id}/duplicate", headers=auth("civil_affairs", "staff"),
                           json={"duplicate_of": middle.number.lower(), "note": "与早前举报为同一情况，已并案处理",
                                 "version": 1})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["duplicate_of"], body["closed_reason"]) == (
        "duplicate", original.id, "与早前举报为同一情况，已并案处理")
    assert body["resolved_at"] is not None and body["version"] == 2
    (event,) = events_of(session, "tip.marked_duplicate")
    assert event.subject == f"tip:{tip.id}"
    assert event.payload == {"tip_id": tip.id, "number": tip.number, "duplicate_of": original.id}


def test_duplicate_refusals(session: Session, client: TestClient, auth: Any, world: World) -> None:
    headers = auth("civil_affairs", "staff")
    tip = make_tip(session, facility=A)
    other_area = make_tip(session, facility=C)

    def mark(target: str, **extra: Any) -> Any:
        return client.post(f"{TIPS}/{tip.id}/duplicate", json={"duplicate_of": target, "version": 1, **extra},
                           headers=headers)

    itself = mark(tip.id)
    assert itself.status_code == 422 and itself.json()["errors"][0]["field"] == "body.duplicate_of"
    assert mark(tip.number).status_code == 422
    unknown = mark("00000000-0000-4000-8000-00000000ffff")
    assert unknown.status_code == 404 and unknown.json()["code"] == "duplicate_target_not_found"
    assert mark("JB-2026-999999X").status_code == 404
    assert mark("has space").status_code == 422
    assert mark(other_area.id, note="").status_code == 422
    # A sub-district officer may not triage at all; a community officer could not even see the target.
    assert client.post(f"{TIPS}/{tip.id}/duplicate", json={"duplicate_of": other_area.id, "version": 1},
                       headers=auth("subdistrict", "head", area="999001001")).status_code == 403
    assert events_of(session, "tip.marked_duplicate") == []


def test_a_duplicate_chain_never_loops(session: Session, client: TestClient, auth: Any, world: World) -> None:
    # Data that already loops (never written by this API) is refused, not walked forever.
    first = make_tip(session, facility=A, status="duplicate")
    second = make_tip(session, facility=A, status="duplicate", duplicate_of=first.id)
    first.duplicate_of = second.id
    session.add(first)
    session.commit()
    tip = make_tip(session, facility=A)
    response = client.post(f"{TIPS}/{tip.id}/duplicate", json={"duplicate_of": first.id, "version": 1},
                           headers=auth("civil_affairs", "staff"))
    assert response.status_code == 409 and response.json()["code"] == "duplicate_loop"


# Closing


def test_close_with_a_reason_the_reporter_reads(session: Session, client: TestClient, auth: Any,
                                                world: World) -> None:
    tip = make_tip(session)
    headers = auth("civil_affairs", "head")
    short = client.post(f"{TIPS}/{tip.id}/close", json={"reason": "不管", "version": 1}, headers=headers)
    assert short.status_code == 422 and short.json()["errors"][0]["field"] == "body.reason"
    long = client.post(f"{TIPS}/{tip.id}/close", json={"reason": "长" * 1001, "version": 1}, headers=headers)
    assert long.status_code == 422
    response = client.post(f"{TIPS}/{tip.id}/close", headers=headers,
                           json={"reason": "  所述地点不是养老机构，已转交街道处理  ", "version": 1})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["closed_reason"]) == ("closed", "所述地点不是养老机构，已转交街道处理")
    assert body["triaged_at"] is not None and body["resolved_at"] is not None
    (event,) = events_of(session, "tip.closed")
    assert event.payload == {"tip_id": tip.id, "number": tip.number, "reason": "所述地点不是养老机构，已转交街道处理"}
    again = client.post(f"{TIPS}/{tip.id}/close", json={"reason": "再关一次试试", "version": 2}, headers=headers)
    assert again.status_code == 409 and again.json()["code"] == "tip_not_open"
    assert len(events_of(session, "tip.closed")) == 1


def test_unknown_tip_is_404(client: TestClient, auth: Any, world: World) -> None:
    missing = "00000000-0000-4000-8000-00000000ffff"
    headers = auth("civil_affairs", "staff")
    assert client.post(f"{TIPS}/{missing}/close", json={"reason": "无此举报记录", "version": 1},
                       headers=headers).status_code == 404
    assert client.get(f"{TIPS}/not-a-uuid", headers=headers).status_code == 422
