"""The thread with the reporter and the department's explicit outcome of a check."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_inspection.tipoffs.tips.models import Tip, TipHazard
from eldersafe_inspection.tipoffs.tips.reward_models import TipReward
from tests.conftest import COMMUNITY, DISTRICT
from tests.services.inspection.campaigns.support import on_survey_day, seed_facilities  # noqa: F401

from .triage_support import TIPS, A, events_of, make_tip

pytestmark = pytest.mark.usefixtures("on_survey_day")


@pytest.fixture
def tip(session: Session) -> Tip:
    seed_facilities(session)
    return make_tip(session, facility=A, status="assigned", assigned_department="fire")


def _say(client: TestClient, headers: dict[str, str], tip: Tip, body: Any) -> Any:
    return client.post(f"{TIPS}/{tip.id}/messages", json={"body": body}, headers=headers)


# Messages


def test_triage_and_the_assigned_department_write_to_the_reporter(session: Session, client: TestClient, auth: Any,
                                                                  tip: Tip) -> None:
    before = client.get(f"{TIPS}/{tip.id}", headers=auth("civil_affairs", "staff")).json()
    first = _say(client, auth("civil_affairs", "staff"), tip, "您好，您的举报已受理，已转消防部门核查。")
    assert first.status_code == 201, first.text
    assert {key: first.json()[key] for key in ("author", "department", "author_name", "body")} == {
        "author": "department", "department": "civil_affairs", "author_name": "Test civil_affairs staff",
        "body": "您好，您的举报已受理，已转消防部门核查。"}
    second = _say(client, auth("fire", "staff"), tip, "请问堵塞的是哪一栋楼的楼梯？")
    assert second.status_code == 201 and second.json()["department"] == "fire"
    admin = _say(client, auth("admin"), tip, "系统管理员补充说明")
    assert admin.status_code == 201 and admin.json()["department"] is None
    after = client.get(f"{TIPS}/{tip.id}", headers=auth("fire", "staff")).json()
    assert [m["body"] for m in after["messages"]] == [
        "您好，您的举报已受理，已转消防部门核查。", "请问堵塞的是哪一栋楼的楼梯？", "系统管理员补充说明"]
    # The thread is no triage decision: nobody's version goes stale, but the case shows activity.
    assert after["version"] == before["version"] == 1
    assert after["updated_at"] > before["updated_at"]


@pytest.mark.parametrize(("role", "position", "area", "status"), [
    ("market", "staff", DISTRICT, 404),
    ("task_force", "leader", DISTRICT, 403),
    ("subdistrict", "head", "999001001", 403),
    ("community", "officer", COMMUNITY, 403),
    ("reward_custodian", "custodian", DISTRICT, 403),
    ("facility", "manager", COMMUNITY, 403),
    ("city_platform", "client", DISTRICT, 403),
])
def test_others_may_not_write_to_the_reporter(session: Session, client: TestClient, auth: Any, tip: Tip, role: str,
                                              position: str, area: str, status: int) -> None:
    headers = auth(role, position, area=area, facility=A[0] if role == "facility" else None)
    assert _say(client, headers, tip, "你好").status_code == status
    assert client.get(f"{TIPS}/{tip.id}", headers=auth("admin")).json()["messages"] == []


@pytest.mark.parametrize("body", ["", "   ", "长" * 1001, "a\x00b", 12, None])
def test_a_bad_message_is_422(client: TestClient, auth: Any, tip: Tip, body: Any) -> None:
    response = _say(client, auth("civil_affairs", "staff"), tip, body)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"].startswith("body")


# Outcome


def _outcome(client: TestClient, headers: dict[str, str], tip: Tip, outcome: str, note: str, version: int) -> Any:
    return client.post(f"{TIPS}/{tip.id}/outcome", json={"outcome": outcome, "note": note, "version": version},
                       headers=headers)


def test_the_assigned_department_states_the_outcome(session: Session, client: TestClient, auth: Any,
                                                    tip: Tip) -> None:
    fire = auth("fire", "staff")
    response = _outcome(client, fire, tip, "verified", "现场核实该院无证经营，已依法查处", 1)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["outcome_note"], body["version"]) == (
        "verified", "现场核实该院无证经营，已依法查处", 2)
    assert body["resolved_at"] is not None
    (event,) = events_of(session, "tip.checked")
    assert event.subject == f"tip:{tip.id}"
    assert event.payload == {"tip_id": tip.id, "number": tip.number, "facility_id": A[0], "area_code": COMMUNITY,
                             "outcome": "verified", "hazard_keys": []}
    # A new note for the same outcome is no new outcome.
    again = _outcome(client, fire, tip, "verified", "补充：已责令停止收住新老人", 2)
    assert again.status_code == 200 and again.json()["version"] == 3
    assert again.json()["resolved_at"] == body["resolved_at"]
    assert len(events_of(session, "tip.checked")) == 1
    # Changing it is.
    changed = _outcome(client, auth("admin"), tip, "unfounded", "复核后认定不属实", 3)
    assert changed.status_code == 200 and changed.json()["status"] == "unfounded"
    assert [e.payload["outcome"] for e in events_of(session, "tip.checked")] == ["verified", "unfounded"]


def test_outcome_refusals(session: Session, client: TestClient, auth: Any, tip: Tip) -> None:
    fire = auth("fire", "staff")
    assert _outcome(client, fire, tip, "verified", "已核实", 7).json()["code"] == "version_conflict"
    civil = _outcome(client, auth("civil_affairs", "head"), tip, "verified", "已核实", 1)
    assert civil.status_code == 403 and civil.json()["code"] == "not_assigned_department"
    assert _outcome(client, auth("task_force", "leader"), tip, "verified", "已核实", 1).status_code == 403
    assert _outcome(client, auth("market", "head"), tip, "verified", "已核实", 1).status_code == 404
    assert _outcome(client, fire, tip, "maybe", "已核实", 1).status_code == 422
    assert _outcome(client, fire, tip, "verified", "", 1).status_code == 422
    for status in ("received", "duplicate", "closed"):
        other = make_tip(session, facility=A, status=status, assigned_department="fire")
        response = _outcome(client, fire, other, "verified", "已核实", 1)
        assert response.status_code == 409 and response.json()["code"] == "tip_not_open", status
    assert events_of(session, "tip.checked") == []


def test_a_tip_with_hazards_or_a_reward_cannot_become_unfounded(session: Session, client: TestClient, auth: Any,
                                                                tip: Tip) -> None:
    fire = auth("fire", "head")
    session.add(TipHazard(tip_id=tip.id, hazard_key="h-1", title="疏散通道堵塞", severity="major",
                          linked_at=clock.now()))
    tip.status = "verified"
    session.add(tip)
    session.commit()
    response = _outcome(client, fire, tip, "unfounded", "不属实", 1)
    assert response.status_code == 409 and response.json()["code"] == "hazards_found"
    rewarded = make_tip(session, facility=A, status="verified", assigned_department="fire")
    reward = TipReward(id="00000000-0000-4000-8000-00000000bbbb", tip_id=rewarded.id, area_code=COMMUNITY,
                       department="fire", basis="illegal_operation", fine_fen=1_000_000, proposed_fen=300_000,
                       proposed_by="x", proposed_by_name="X", proposed_at=clock.now())
    session.add(reward)
    session.commit()
    response = _outcome(client, fire, rewarded, "unfounded", "不属实", 1)
    assert response.status_code == 409 and response.json()["code"] == "reward_exists"
    reward.status = "rejected"
    session.add(reward)
    session.commit()
    assert _outcome(client, fire, rewarded, "unfounded", "不属实", 1).status_code == 200
