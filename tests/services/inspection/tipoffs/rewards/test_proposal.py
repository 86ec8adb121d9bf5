"""POST /tips/{id}/reward: who proposes, the amount by the rule, every refusal with its reason, the event."""

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from eldersafe_common.events import EventRecord
from tests.conftest import COMMUNITY, DISTRICT

from .helpers import OTHER_FACILITY, T0, make_tip, propose_body

OTHER_COMMUNITY = DISTRICT + "002001"


def url(tip_id: str) -> str:
    return f"/api/inspection/tips/{tip_id}/reward"


def test_the_assigned_department_proposes_at_the_rules_amount(session: Session, client: TestClient,
                                                             auth: Any) -> None:
    tip = make_tip(session)
    response = client.post(url(tip.id), json=propose_body(note="罚款决定书 鹤消罚〔2026〕12号"),
                           headers=auth("fire", "staff", subject="fire-li"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert {key: body[key] for key in ("tip_id", "tip_number", "facility_name", "department", "basis", "fine_fen",
                                       "proposed_fen", "approved_fen", "status", "proposed_by_name",
                                       "proposal_note", "version")} == {
        "tip_id": tip.id, "tip_number": tip.number, "facility_name": "甲院", "department": "fire",
        "basis": "major_hazard", "fine_fen": 10_000_000, "proposed_fen": 1_500_000, "approved_fen": None,
        "status": "proposed", "proposed_by_name": "Test fire staff", "proposal_note": "罚款决定书 鹤消罚〔2026〕12号",
        "version": 1}
    events = session.exec(select(EventRecord).where(EventRecord.type == "reward.proposed")).all()
    assert len(events) == 1 and events[0].subject == f"reward:{body['id']}" and events[0].producer == "inspection"
    assert events[0].payload == {"reward_id": body["id"], "tip_id": tip.id, "tip_number": tip.number,
                                 "department": "fire", "amount_fen": 1_500_000, "status": "proposed"}


@pytest.mark.parametrize("fine_fen, amount", [(1_000_000, 300_000), (500_000_000, 30_000_000),
                                              (10_000_000, 1_500_000)])
def test_the_amount_is_held_within_the_rule(session: Session, client: TestClient, auth: Any, fine_fen: int,
                                            amount: int) -> None:
    tip = make_tip(session)
    response = client.post(url(tip.id), json=propose_body(fine_fen=fine_fen), headers=auth("fire", "head"))
    assert response.status_code == 201 and response.json()["proposed_fen"] == amount


def test_a_changed_rule_applies_to_later_proposals(session: Session, client: TestClient, auth: Any) -> None:
    client.put("/api/inspection/reward-rule", headers=auth("admin", "staff"), json={
        "percent_basis_points": 2000, "minimum_fen": 100_000, "maximum_fen": 5_000_000, "first_valid_only": True})
    tip = make_tip(session)
    response = client.post(url(tip.id), json=propose_body(fine_fen=1_234_567), headers=auth("fire", "staff"))
    assert response.json()["proposed_fen"] == 246_913  # 246,913.4 fen


@pytest.mark.parametrize("role, position", [("police", "staff"), ("fire", "staff")])
def test_another_department_or_area_does_not_see_the_tip(session: Session, client: TestClient, auth: Any,
                                                        role: str, position: str) -> None:
    tip = make_tip(session, area_code=OTHER_COMMUNITY) if role == "fire" else make_tip(session)
    headers = auth(role, position, area=COMMUNITY if role == "fire" else DISTRICT)
    response = client.post(url(tip.id), json=propose_body(), headers=headers)
    assert response.status_code == 404 and response.json()["code"] == "tip_not_found"


@pytest.mark.parametrize("role, position", [("civil_affairs", "head"), ("reward_custodian", "custodian"),
                                            ("admin", "staff"), ("task_force", "leader"), ("community", "head"),
                                            ("facility", "manager"), ("city_platform", "client")])
def test_only_the_assigned_department_proposes(session: Session, client: TestClient, auth: Any, role: str,
                                               position: str) -> None:
    tip = make_tip(session)
    area = COMMUNITY if role in ("community", "facility") else DISTRICT
    response = client.post(url(tip.id), json=propose_body(), headers=auth(role, position, area=area, facility="f"))
    assert response.status_code == 403, response.text


def test_a_civil_affairs_tip_is_not_proposed_by_the_custodian(session: Session, client: TestClient,
                                                              auth: Any) -> None:
    tip = make_tip(session, department="civil_affairs")
    body = propose_body(basis="illegal_operation")
    assert client.post(url(tip.id), json=body, headers=auth("reward_custodian", "custodian")).status_code == 403
    assert client.post(url(tip.id), json=body, headers=auth("civil_affairs", "staff")).status_code == 201


def refused(client: TestClient, auth: Any, tip_id: str, **fields: Any) -> dict[str, Any]:
    response = client.post(url(tip_id), json=propose_body(**fields), headers=auth("fire", "staff"))
    assert response.status_code == 409, response.text
    return response.json()


def test_not_verified(session: Session, client: TestClient, auth: Any) -> None:
    for status in ("assigned", "unfounded"):
        problem = refused(client, auth, make_tip(session, status=status).id)
        assert (problem["code"], problem["reason"]) == ("reward_not_eligible", "not_verified")


def test_duplicate(session: Session, client: TestClient, auth: Any) -> None:
    original = make_tip(session)
    duplicate = make_tip(session, status="duplicate", duplicate_of=original.id)
    problem = refused(client, auth, duplicate.id)
    assert (problem["code"], problem["reason"]) == ("reward_not_eligible", "duplicate")
    assert duplicate.number in problem["detail"]


def test_no_major_hazard(session: Session, client: TestClient, auth: Any) -> None:
    tip = make_tip(session, hazards=("ordinary", "ordinary"))
    problem = refused(client, auth, tip.id, basis="major_hazard")
    assert (problem["code"], problem["reason"]) == ("reward_not_eligible", "no_major_hazard")
    # Illegal operation needs no hazard of that weight.
    response = client.post(url(tip.id), json=propose_body(basis="illegal_operation"), headers=auth("fire", "staff"))
    assert response.status_code == 201


@pytest.mark.parametrize("contact, consent", [(None, False), ("13811112222", False)])
def test_no_contact(session: Session, client: TestClient, auth: Any, contact: str | None, consent: bool) -> None:
    tip = make_tip(session, contact=contact, consent=consent)
    problem = refused(client, auth, tip.id)
    assert (problem["code"], problem["reason"]) == ("reward_not_eligible", "no_contact")


def test_only_the_first_valid_reporter(session: Session, client: TestClient, auth: Any) -> None:
    earlier = make_tip(session, created_at=T0)
    later = make_tip(session, created_at=T0 + timedelta(hours=5))
    elsewhere = make_tip(session, created_at=T0 + timedelta(hours=6), facility_id=OTHER_FACILITY)
    assert client.post(url(earlier.id), json=propose_body(), headers=auth("fire", "staff")).status_code == 201
    problem = refused(client, auth, later.id)
    assert (problem["code"], problem["reason"]) == ("reward_not_eligible", "not_first_reporter")
    assert earlier.number in problem["detail"]
    # Another facility's reporter is a first reporter of their own.
    assert client.post(url(elsewhere.id), json=propose_body(), headers=auth("fire", "staff")).status_code == 201


def test_a_later_reporter_once_the_earlier_reward_is_rejected(session: Session, client: TestClient,
                                                             auth: Any) -> None:
    earlier = make_tip(session, created_at=T0)
    later = make_tip(session, created_at=T0 + timedelta(days=1))
    first = client.post(url(earlier.id), json=propose_body(), headers=auth("fire", "staff")).json()
    rejected = client.post(f"/api/inspection/rewards/{first['id']}/reject", headers=auth("fire", "head"),
                           json={"note": "举报人系机构内部人员，不予奖励", "version": 1})
    assert rejected.status_code == 200, rejected.text
    assert client.post(url(later.id), json=propose_body(), headers=auth("fire", "staff")).status_code == 201


def test_a_later_reporter_when_the_rule_rewards_every_valid_reporter(session: Session, client: TestClient,
                                                                    auth: Any) -> None:
    client.put("/api/inspection/reward-rule", headers=auth("admin", "staff"), json={
        "percent_basis_points": 1500, "minimum_fen": 300_000, "maximum_fen": 30_000_000, "first_valid_only": False})
    earlier = make_tip(session, created_at=T0)
    later = make_tip(session, created_at=T0 + timedelta(days=1))
    assert client.post(url(earlier.id), json=propose_body(), headers=auth("fire", "staff")).status_code == 201
    assert client.post(url(later.id), json=propose_body(), headers=auth("fire", "staff")).status_code == 201


def test_the_first_reporter_wins_even_when_proposed_second(session: Session, client: TestClient,
                                                          auth: Any) -> None:
    earlier = make_tip(session, created_at=T0)
    later = make_tip(session, created_at=T0 + timedelta(days=1))
    second = client.post(url(later.id), json=propose_body(), headers=auth("fire", "staff")).json()
    assert client.post(url(earlier.id), json=propose_body(), headers=auth("fire", "staff")).status_code == 201
    response = client.post(f"/api/inspection/rewards/{second['id']}/approve", headers=auth("fire", "head"),
                           json={"version": 1})
    assert response.status_code == 409 and response.json()["reason"] == "not_first_reporter"


def test_one_reward_per_tip(session: Session, client: TestClient, auth: Any) -> None:
    tip = make_tip(session)
    assert client.post(url(tip.id), json=propose_body(), headers=auth("fire", "staff")).status_code == 201
    response = client.post(url(tip.id), json=propose_body(), headers=auth("fire", "head"))
    assert response.status_code == 409 and response.json()["code"] == "reward_exists"


@pytest.mark.parametrize("changes, field", [
    ({"basis": "tip"}, "body.basis"),
    ({"fine_fen": -1}, "body.fine_fen"),
    ({"fine_fen": 2_000_000_001}, "body.fine_fen"),
    ({"fine_fen": "100"}, "body.fine_fen"),
    ({"note": ""}, "body.note"),
    ({"note": "x" * 1001}, "body.note"),
    ({"note": "a\x00b"}, "body"),  # StrictModel refuses NUL anywhere in a body before field validation
])
def test_refused_input_names_its_field(session: Session, client: TestClient, auth: Any, changes: dict[str, Any],
                                       field: str) -> None:
    tip = make_tip(session)
    response = client.post(url(tip.id), json=propose_body(**changes), headers=auth("fire", "staff"))
    assert response.status_code == 422, response.text
    assert field in [error["field"] for error in response.json()["errors"]]


def test_an_unknown_tip(client: TestClient, auth: Any) -> None:
    response = client.post(url("00000000-0000-4000-8000-000000000099"), json=propose_body(),
                           headers=auth("fire", "staff"))
    assert response.status_code == 404
    assert client.post("/api/inspection/tips/not-a-uuid/reward", json=propose_body(),
                       headers=auth("fire", "staff")).status_code == 422


def test_a_tip_the_department_verified_itself_is_rewardable(session: Session, client: TestClient,
                                                           auth: Any) -> None:
    """Through the triage API: an unlicensed home found by the department, outside any checklist item."""
    tip = make_tip(session, status="assigned", hazards=())
    assert refused(client, auth, tip.id, basis="illegal_operation")["reason"] == "not_verified"
    outcome = client.post(f"/api/inspection/tips/{tip.id}/outcome", headers=auth("fire", "staff"), json={
        "outcome": "verified", "note": "现场核实：未经备案擅自收住老人，已立案查处", "version": tip.version})
    assert outcome.status_code == 200, outcome.text
    assert refused(client, auth, tip.id, basis="major_hazard")["reason"] == "no_major_hazard"
    response = client.post(url(tip.id), json=propose_body(basis="illegal_operation", fine_fen=5_000_000),
                           headers=auth("fire", "staff"))
    assert response.status_code == 201 and response.json()["proposed_fen"] == 750_000
    detail = client.get(f"/api/inspection/tips/{tip.id}", headers=auth("fire", "staff")).json()
    assert detail["reward_status"] == "proposed"
    # The tip cannot be called unfounded while its reward stands.
    unfounded = client.post(f"/api/inspection/tips/{tip.id}/outcome", headers=auth("fire", "staff"), json={
        "outcome": "unfounded", "note": "复核未发现问题", "version": detail["version"]})
    assert unfounded.status_code == 409


def test_two_tips_received_in_the_same_instant_are_ordered_by_number(session: Session, client: TestClient,
                                                                    auth: Any) -> None:
    first = make_tip(session, created_at=T0)
    second = make_tip(session, created_at=T0)
    assert first.number < second.number
    assert client.post(url(first.id), json=propose_body(), headers=auth("fire", "staff")).status_code == 201
    assert refused(client, auth, second.id)["reason"] == "not_first_reporter"
