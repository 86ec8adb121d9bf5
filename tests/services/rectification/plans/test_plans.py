"""Drafting, locking and approving a facility plan (一院一策), by role and area."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_rectification.plans.models import FacilityPlan
from tests.conftest import COMMUNITY, DISTRICT, SUBDISTRICT
from tests.support.registry_events import register

from .support import CAMPAIGN, campaign, drain, events, in_days, plan_body

FACILITY = "6f1c2a4e-0000-4000-8000-000000000001"
OTHER_COMMUNITY = DISTRICT + "002001"
PLAN = f"/api/rectification/facilities/{FACILITY}/plan"


@pytest.fixture
def facility(session: Session) -> str:
    register(session, FACILITY, "松鹤颐养院")
    campaign(session, FACILITY)
    drain(session)
    return FACILITY


def create(client: TestClient, auth: Any, **overrides: Any) -> dict[str, Any]:
    response = client.put(PLAN, json=plan_body(**overrides), headers=auth("civil_affairs", "staff"))
    assert response.status_code == 201, response.text
    return response.json()


def approve(client: TestClient, headers: dict[str, str], **body: Any) -> Any:
    return client.post(f"{PLAN}/approve", json=body, headers=headers)


def leader(auth: Any) -> dict[str, str]:
    return auth("task_force", "leader", subject="leader-1")


# --- drafting -----------------------------------------------------------------------------------------------

def test_a_draft_is_created_then_replaced_with_its_version(facility: str, client: TestClient, auth: Any) -> None:
    plan = create(client, auth)
    assert (plan["state"], plan["decision"], plan["version"], plan["campaign_id"]) == ("draft", "suspend", 1, CAMPAIGN)
    assert plan["facility_name"] == "松鹤颐养院" and plan["area_code"] == COMMUNITY
    assert [m["done"] for m in plan["milestones"]] == [False, False]

    headers = auth("task_force", "deputy")
    response = client.put(PLAN, json=plan_body(decision="shutdown", version=1), headers=headers)
    assert response.status_code == 200
    assert (response.json()["decision"], response.json()["version"]) == ("shutdown", 2)
    assert client.get(PLAN, headers=auth("fire", "staff")).json()["decision"] == "shutdown"


def test_changing_an_existing_plan_needs_the_current_version(facility: str, client: TestClient, auth: Any) -> None:
    create(client, auth)
    headers = auth("admin", "staff")
    missing = client.put(PLAN, json=plan_body(), headers=headers)
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["body.version"]
    stale = client.put(PLAN, json=plan_body(version=7), headers=headers)
    assert (stale.status_code, stale.json()["code"]) == (409, "version_conflict")


@pytest.mark.parametrize(("role", "position"), [
    ("task_force", "member"), ("fire", "head"), ("subdistrict", "head"), ("community", "officer"),
])
def test_only_the_task_force_leadership_civil_affairs_and_admin_draft(
        facility: str, client: TestClient, auth: Any, role: str, position: str) -> None:
    area = {"subdistrict": SUBDISTRICT, "community": COMMUNITY}.get(role, DISTRICT)
    response = client.put(PLAN, json=plan_body(), headers=auth(role, position, area=area))
    assert (response.status_code, response.json()["code"]) == (403, "role_forbidden")


def test_a_facility_manager_reads_their_plan_but_may_not_write_it(facility: str, client: TestClient,
                                                                   auth: Any) -> None:
    create(client, auth)
    manager = auth("facility", "manager", area=COMMUNITY, facility=FACILITY)
    assert client.get(PLAN, headers=manager).status_code == 200
    assert client.put(PLAN, json=plan_body(version=1), headers=manager).status_code == 403
    stranger = auth("facility", "manager", area=COMMUNITY, facility=str(uuid.uuid4()))
    assert client.get(PLAN, headers=stranger).status_code == 404


def test_outside_the_area_a_plan_does_not_exist(facility: str, client: TestClient, auth: Any) -> None:
    create(client, auth)
    outside = auth("community", "officer", area=OTHER_COMMUNITY)
    assert client.get(PLAN, headers=outside).status_code == 404
    assert approve(client, outside).status_code == 404
    assert client.post(f"{PLAN}/milestones/0/done", json={"done": True}, headers=outside).status_code == 404


def test_unknown_facility_and_missing_plan_answer_404(facility: str, client: TestClient, auth: Any) -> None:
    headers = auth("civil_affairs", "staff")
    assert client.get(PLAN, headers=headers).json()["code"] == "plan_not_found"
    unknown = f"/api/rectification/facilities/{uuid.uuid4()}/plan"
    assert client.put(unknown, json=plan_body(), headers=headers).json()["code"] == "facility_not_found"
    assert client.get("/api/rectification/facilities/not-a-uuid/plan", headers=headers).status_code == 422


def test_a_new_milestone_may_not_be_due_in_the_past(facility: str, client: TestClient, auth: Any) -> None:
    body = plan_body(milestones=[{"title": "安置", "owner": "王科长", "due_date": in_days(3)},
                                 {"title": "验收", "owner": "李队长", "due_date": in_days(-1)}])
    response = client.put(PLAN, json=body, headers=auth("civil_affairs", "staff"))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["body.milestones.1.due_date"]


def test_a_kept_milestone_may_have_fallen_due(facility: str, session: Session, client: TestClient,
                                              auth: Any) -> None:
    create(client, auth)
    plan = session.get(FacilityPlan, client.get(PLAN, headers=auth("admin", "staff")).json()["id"])
    assert plan is not None
    plan.milestones = [{**plan.milestones[0], "due_date": in_days(-2)}]
    session.add(plan)
    session.commit()
    kept = [{"title": "完成老人安置", "owner": "民政局王科长", "due_date": in_days(-2), "done": True}]
    response = client.put(PLAN, json=plan_body(milestones=kept, version=1), headers=auth("admin", "staff"))
    assert response.status_code == 200, response.text
    assert response.json()["milestones"][0]["done_at"] is not None


@pytest.mark.parametrize("body", [
    {"decision": "close"}, {"cooperation": "maybe"}, {"measures": "a\x00b"}, {"unknown": 1},
    {"milestones": [{"title": "", "owner": "王", "due_date": "2030-01-01"}]},
    {"milestones": [{"title": "x", "owner": "王", "due_date": "soon"}]},
])
def test_bad_input_is_named(facility: str, client: TestClient, auth: Any, body: dict[str, Any]) -> None:
    response = client.put(PLAN, json=plan_body(**body), headers=auth("civil_affairs", "staff"))
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"]


# --- approval -----------------------------------------------------------------------------------------------

def test_the_leader_approves_and_plan_approved_is_published(facility: str, session: Session, client: TestClient,
                                                            auth: Any) -> None:
    plan = create(client, auth)
    response = approve(client, leader(auth), note="同意")
    assert response.status_code == 200, response.text
    approved = response.json()
    assert (approved["state"], approved["approved_by"], approved["approval_note"]) == ("approved", "leader-1", "同意")

    [event] = events(session, "plan.approved")
    assert (event.subject, event.producer, event.version) == (f"facility:{FACILITY}", "rectification", 1)
    assert event.payload == {
        "plan_id": plan["id"], "facility_id": FACILITY, "campaign_id": CAMPAIGN, "area_code": COMMUNITY,
        "decision": "suspend", "approved_by": "leader-1", "approved_by_name": "Test task_force leader",
        "approved_at": event.payload["approved_at"],
    }
    assert event.payload["approved_at"].startswith(approved["approved_at"][:19])


@pytest.mark.parametrize(("role", "position", "area", "own"), [
    ("task_force", "deputy", DISTRICT, False), ("task_force", "member", DISTRICT, False),
    ("civil_affairs", "head", DISTRICT, False), ("civil_affairs", "staff", DISTRICT, False),
    ("fire", "staff", DISTRICT, False), ("admin", "staff", DISTRICT, False),
    ("facility", "manager", COMMUNITY, True),
])
def test_nobody_but_the_leader_approves(facility: str, session: Session, client: TestClient, auth: Any,
                                        role: str, position: str, area: str, own: bool) -> None:
    create(client, auth)
    response = approve(client, auth(role, position, area=area, facility=FACILITY if own else None))
    assert (response.status_code, response.json()["code"]) == (403, "not_leader")
    assert events(session, "plan.approved") == []
    assert client.get(PLAN, headers=auth("admin", "staff")).json()["state"] == "draft"


@pytest.mark.parametrize(("overrides", "fields"), [
    ({"measures": None}, ["plan.measures"]),
    ({"measures": "   "}, ["plan.measures"]),
    ({"milestones": []}, ["plan.milestones"]),
    ({"relocation_plan": None}, ["plan.relocation_plan"]),
    ({"decision": "shutdown", "relocation_plan": None}, ["plan.relocation_plan"]),
    ({"cooperation": None}, ["plan.cooperation"]),
    ({"support_measures": None}, ["plan.support_measures"]),
    ({"cooperation": "uncooperative"}, ["plan.enforcement_measures"]),
    ({"measures": None, "milestones": [], "cooperation": None}, ["plan.measures", "plan.milestones",
                                                                  "plan.cooperation"]),
])
def test_an_incomplete_plan_is_refused_naming_what_is_missing(facility: str, session: Session, client: TestClient,
                                                              auth: Any, overrides: dict[str, Any],
                                                              fields: list[str]) -> None:
    create(client, auth, **overrides)
    response = approve(client, leader(auth))
    assert (response.status_code, response.json()["code"]) == (422, "plan_incomplete")
    assert [e["field"] for e in response.json()["errors"]] == fields
    assert events(session, "plan.approved") == []


def test_complete_variants_are_approvable(facility: str, client: TestClient, auth: Any) -> None:
    # Rectifying in place moves nobody, and an uncooperative facility needs enforcement, not support.
    create(client, auth, decision="rectify", relocation_plan=None, cooperation="uncooperative",
           support_measures=None, enforcement_measures="责令限期整改，逾期依法处罚")
    assert approve(client, leader(auth)).status_code == 200


def test_an_approved_plan_is_locked_except_milestones(facility: str, session: Session, client: TestClient,
                                                      auth: Any) -> None:
    create(client, auth)
    assert approve(client, leader(auth)).status_code == 200
    headers = auth("civil_affairs", "staff")
    locked = client.put(PLAN, json=plan_body(version=2), headers=headers)
    assert (locked.status_code, locked.json()["code"]) == (409, "plan_approved")
    again = approve(client, leader(auth))
    assert (again.status_code, again.json()["code"]) == (409, "plan_approved")
    assert len(events(session, "plan.approved")) == 1

    done = client.post(f"{PLAN}/milestones/1/done", json={"done": True}, headers=headers)
    assert done.status_code == 200
    assert [m["done"] for m in done.json()["milestones"]] == [False, True]
    assert done.json()["milestones"][1]["done_at"] is not None
    undone = client.post(f"{PLAN}/milestones/1/done", json={"done": False}, headers=headers).json()
    assert undone["milestones"][1] == {**done.json()["milestones"][1], "done": False, "done_at": None}
    assert client.post(f"{PLAN}/milestones/2/done", json={"done": True}, headers=headers).status_code == 404
    assert client.post(f"{PLAN}/milestones/0/done", json={"done": "yes"}, headers=headers).status_code == 422
    member = auth("task_force", "member")
    assert client.post(f"{PLAN}/milestones/0/done", json={"done": True}, headers=member).status_code == 403


def test_approving_a_missing_plan_answers_404(facility: str, client: TestClient, auth: Any) -> None:
    response = approve(client, leader(auth))
    assert (response.status_code, response.json()["code"]) == (404, "plan_not_found")


def test_openapi_declares_every_answer(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    base = "/api/rectification/facilities/{facility_id}"
    expected = {
        ("/api/rectification/plans", "get"): {"200", "401", "403", "422"},
        (f"{base}/plan", "get"): {"200", "401", "403", "404"},
        (f"{base}/plan", "put"): {"200", "201", "401", "403", "404", "409", "422"},
        (f"{base}/plan/approve", "post"): {"200", "401", "403", "404", "409", "422"},
        (f"{base}/plan/milestones/{{index}}/done", "post"): {"200", "401", "403", "404", "422"},
        (f"{base}/relocation", "get"): {"200", "401", "403", "404", "503"},
        (f"{base}/relocation/suggestions", "get"): {"200", "401", "403", "404", "422"},
    }
    for (path, method), statuses in expected.items():
        responses = paths[path][method]["responses"]
        assert statuses <= set(responses), (path, method)
        for status in statuses - {"200", "201"}:
            assert "application/problem+json" in responses[status]["content"], (path, method, status)


def test_two_first_drafts_at_once_give_one_plan_and_a_409(facility: str, client: TestClient, auth: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    create(client, auth)
    # The second writer looked before the first one's plan was there: the unique (facility_id, campaign_id) decides.
    monkeypatch.setattr("eldersafe_rectification.plans.repository.plan_of",
                        lambda session, facility_id, campaign_id: None)
    response = client.put(PLAN, json=plan_body(decision="shutdown"), headers=auth("admin", "staff"))
    assert (response.status_code, response.json()["code"]) == (409, "version_conflict")
    monkeypatch.undo()
    assert client.get(PLAN, headers=auth("admin", "staff")).json()["decision"] == "suspend"
