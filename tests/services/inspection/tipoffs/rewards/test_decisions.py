"""Approval and rejection by the department's head, payout and the contact by the custodian, reading rules."""

import json
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from eldersafe_common.events import EventRecord
from eldersafe_inspection.tipoffs.rewards import service
from tests.conftest import COMMUNITY, DISTRICT

from .helpers import CONTACT, OTHER_FACILITY, make_tip, propose_body

REWARDS = "/api/inspection/rewards"


def today() -> date:
    """The district's date now (a payout is dated on or after its approval and never in the future)."""
    return service.today()


def proposed(session: Session, client: TestClient, auth: Any, *, department: str = "fire",
             **tip_fields: Any) -> dict[str, Any]:
    tip = make_tip(session, department=department, **tip_fields)
    response = client.post(f"/api/inspection/tips/{tip.id}/reward", json=propose_body(),
                           headers=auth(department, "staff"))
    assert response.status_code == 201, response.text
    return response.json()


def approved(session: Session, client: TestClient, auth: Any, **fields: Any) -> dict[str, Any]:
    reward = proposed(session, client, auth, **fields)
    response = client.post(f"{REWARDS}/{reward['id']}/approve", json={"version": 1},
                           headers=auth(reward["department"], "head"))
    assert response.status_code == 200, response.text
    return response.json()


def custodian(auth: Any) -> dict[str, str]:
    return auth("reward_custodian", "custodian", subject="custodian-zhao")


def event_types(session: Session, reward_id: str) -> list[str]:
    rows = session.exec(select(EventRecord).where(EventRecord.subject == f"reward:{reward_id}")
                        .order_by(EventRecord.id)).all()  # type: ignore[arg-type]
    return [row.type for row in rows]


# --- approval and rejection ---------------------------------------------------------------------------------

def test_the_head_approves_at_the_proposed_amount(session: Session, client: TestClient, auth: Any) -> None:
    reward = approved(session, client, auth)
    assert (reward["status"], reward["approved_fen"], reward["decided_by_name"], reward["version"]) == (
        "approved", 1_500_000, "Test fire head", 2)
    assert reward["decided_at"]
    assert event_types(session, reward["id"]) == ["reward.proposed", "reward.approved"]
    event = session.exec(select(EventRecord).where(EventRecord.type == "reward.approved")).one()
    assert event.payload["amount_fen"] == 1_500_000 and event.payload["status"] == "approved"


def test_the_head_may_approve_another_amount_within_the_rule(session: Session, client: TestClient,
                                                            auth: Any) -> None:
    reward = proposed(session, client, auth)
    path = f"{REWARDS}/{reward['id']}/approve"
    for amount in (299_999, 30_000_001):
        response = client.post(path, json={"approved_fen": amount, "version": 1}, headers=auth("fire", "head"))
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "body.approved_fen"
    response = client.post(path, json={"approved_fen": 1_000_000, "note": "酌减", "version": 1},
                           headers=auth("fire", "head"))
    assert response.status_code == 200
    assert (response.json()["approved_fen"], response.json()["decision_note"]) == (1_000_000, "酌减")


@pytest.mark.parametrize("role, position", [("fire", "staff"), ("police", "head"), ("civil_affairs", "head"),
                                            ("reward_custodian", "custodian"), ("admin", "staff"),
                                            ("task_force", "leader")])
def test_only_the_head_of_the_rewards_department_decides(session: Session, client: TestClient, auth: Any,
                                                         role: str, position: str) -> None:
    reward = proposed(session, client, auth)
    for action, body in (("approve", {"version": 1}), ("reject", {"note": "不予奖励", "version": 1})):
        response = client.post(f"{REWARDS}/{reward['id']}/{action}", json=body, headers=auth(role, position))
        # A department that may not read the reward at all does not learn it exists.
        assert response.status_code == (404 if role == "police" else 403), (action, response.text)


def test_reject_needs_a_note_and_ends_the_reward(session: Session, client: TestClient, auth: Any) -> None:
    reward = proposed(session, client, auth)
    path = f"{REWARDS}/{reward['id']}/reject"
    response = client.post(path, json={"version": 1}, headers=auth("fire", "head"))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "body.note"
    response = client.post(path, json={"note": "罚款未执行", "version": 1}, headers=auth("fire", "head"))
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["decision_note"]) == ("rejected", "罚款未执行")
    again = client.post(f"{REWARDS}/{reward['id']}/approve", json={"version": 2}, headers=auth("fire", "head"))
    assert again.status_code == 409 and again.json()["code"] == "reward_decided"
    assert event_types(session, reward["id"]) == ["reward.proposed", "reward.rejected"]


def test_a_stale_version_is_refused(session: Session, client: TestClient, auth: Any) -> None:
    reward = proposed(session, client, auth)
    response = client.post(f"{REWARDS}/{reward['id']}/approve", json={"version": 2}, headers=auth("fire", "head"))
    assert response.status_code == 409 and response.json()["code"] == "version_conflict"


# --- payout and the contact ---------------------------------------------------------------------------------

def test_the_custodian_pays_an_approved_reward(session: Session, client: TestClient, auth: Any) -> None:
    reward = approved(session, client, auth)
    path = f"{REWARDS}/{reward['id']}/payout"
    body = {"paid_on": today().isoformat(), "payout_reference": "鹤民财〔2026〕第0031号", "version": 2}
    response = client.post(path, json=body, headers=custodian(auth))
    assert response.status_code == 200, response.text
    paid = response.json()
    assert (paid["status"], paid["paid_on"], paid["payout_reference"], paid["paid_by_name"], paid["version"]) == (
        "paid", today().isoformat(), "鹤民财〔2026〕第0031号", "Test reward_custodian custodian", 3)
    assert event_types(session, reward["id"]) == ["reward.proposed", "reward.approved", "reward.paid"]
    again = client.post(path, json={**body, "version": 3}, headers=custodian(auth))
    assert again.status_code == 409 and again.json()["code"] == "reward_paid"


@pytest.mark.parametrize("role, position", [("civil_affairs", "head"), ("civil_affairs", "staff"),
                                            ("fire", "head"), ("admin", "staff"), ("task_force", "leader")])
def test_nobody_but_the_custodian_pays(session: Session, client: TestClient, auth: Any, role: str,
                                       position: str) -> None:
    reward = approved(session, client, auth)
    body = {"paid_on": today().isoformat(), "payout_reference": "REF-1", "version": 2}
    assert client.post(f"{REWARDS}/{reward['id']}/payout", json=body,
                       headers=auth(role, position)).status_code == 403


def test_a_payout_needs_an_approval_and_a_sensible_date(session: Session, client: TestClient, auth: Any) -> None:
    reward = proposed(session, client, auth)
    path = f"{REWARDS}/{reward['id']}/payout"
    body = {"paid_on": today().isoformat(), "payout_reference": "REF-1", "version": 1}
    response = client.post(path, json=body, headers=custodian(auth))
    assert response.status_code == 409 and response.json()["code"] == "reward_not_approved"
    reward = approved(session, client, auth, facility_id=OTHER_FACILITY)
    path = f"{REWARDS}/{reward['id']}/payout"
    decided_on = reward["decided_at"][:10]  # the district's day of the approval (tests approve in daytime UTC)
    for paid_on, field in ((today() + timedelta(days=1), "body.paid_on"), (date(2020, 1, 1), "body.paid_on"),
                           ("2026-02-30", "body.paid_on")):
        response = client.post(path, json={**body, "paid_on": str(paid_on), "version": 2}, headers=custodian(auth))
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == field, (paid_on, decided_on)
    response = client.post(path, json={**body, "payout_reference": "", "version": 2}, headers=custodian(auth))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "body.payout_reference"


def test_only_the_custodian_reads_the_contact(session: Session, client: TestClient, auth: Any) -> None:
    reward = approved(session, client, auth, department="civil_affairs")
    path = f"{REWARDS}/{reward['id']}/contact"
    for role, position in (("civil_affairs", "head"), ("civil_affairs", "staff"), ("admin", "staff"),
                           ("task_force", "leader"), ("fire", "head"), ("community", "head"),
                           ("facility", "manager"), ("city_platform", "client")):
        response = client.post(path, headers=auth(role, position, facility="f"))
        assert response.status_code == 403, (role, position, response.text)
        assert CONTACT not in response.text
    response = client.post(path, headers=custodian(auth))
    assert response.status_code == 200 and response.json() == {"contact": CONTACT}
    assert client.get(path, headers=custodian(auth)).status_code == 405  # never in a URL that logs might keep


def test_the_contact_is_read_only_to_pay(session: Session, client: TestClient, auth: Any) -> None:
    reward = proposed(session, client, auth)
    response = client.post(f"{REWARDS}/{reward['id']}/contact", headers=custodian(auth))
    assert response.status_code == 409 and response.json()["code"] == "reward_not_approved"


def test_the_contact_appears_in_no_other_answer(session: Session, client: TestClient, auth: Any) -> None:
    reward = approved(session, client, auth)
    tip_id = reward["tip_id"]
    paid = client.post(f"{REWARDS}/{reward['id']}/payout", headers=custodian(auth), json={
        "paid_on": today().isoformat(), "payout_reference": "REF-9", "version": 2})
    assert paid.status_code == 200
    answers = [paid.text]
    for role, position in (("reward_custodian", "custodian"), ("civil_affairs", "head"), ("fire", "head"),
                           ("admin", "staff"), ("task_force", "leader")):
        headers = auth(role, position)
        paths = [REWARDS, f"{REWARDS}/{reward['id']}"]
        if role != "reward_custodian":  # it reads rewards only (test_the_custodian_reads_the_reward_not_the_tip)
            paths += ["/api/inspection/tips", f"/api/inspection/tips/{tip_id}", "/api/inspection/reward-rule"]
        for path in paths:
            response = client.get(path, headers=headers)
            assert response.status_code == 200, (path, role, response.text)
            answers.append(response.text)
    events = session.exec(select(EventRecord)).all()
    answers.extend(json.dumps(event.payload, ensure_ascii=False) for event in events)
    phone = CONTACT.split()[0]
    for answer in answers:
        assert phone not in answer and CONTACT not in answer


# --- reading ------------------------------------------------------------------------------------------------

def test_who_reads_which_rewards(session: Session, client: TestClient, auth: Any) -> None:
    fire = proposed(session, client, auth, department="fire")
    police = proposed(session, client, auth, department="police", facility_id=OTHER_FACILITY)
    both = {fire["id"], police["id"]}
    for role, position, expected in (
            ("civil_affairs", "staff", both), ("reward_custodian", "custodian", both), ("admin", "staff", both),
            ("task_force", "member", both), ("fire", "staff", {fire["id"]}), ("police", "head", {police["id"]}),
            ("health", "head", set())):
        page = client.get(REWARDS, headers=auth(role, position))
        assert page.status_code == 200, page.text
        assert {item["id"] for item in page.json()["items"]} == expected, (role, position)
        assert page.json()["total"] == len(expected)
    assert client.get(f"{REWARDS}/{police['id']}", headers=auth("fire", "head")).status_code == 404
    assert client.get(f"{REWARDS}/{police['id']}", headers=auth("police", "staff")).json()["id"] == police["id"]
    for role, position, area in (("community", "head", COMMUNITY), ("subdistrict", "officer", COMMUNITY[:9]),
                                 ("facility", "manager", COMMUNITY), ("city_platform", "client", DISTRICT)):
        assert client.get(REWARDS, headers=auth(role, position, area=area, facility="f")).status_code == 403
        assert client.get(f"{REWARDS}/{fire['id']}", headers=auth(role, position, area=area,
                                                                 facility="f")).status_code == 403


def test_the_list_filters_pages_and_stays_in_the_area(session: Session, client: TestClient, auth: Any) -> None:
    first = approved(session, client, auth)
    second = proposed(session, client, auth, facility_id=OTHER_FACILITY)
    headers = auth("civil_affairs", "staff")
    newest_first = client.get(REWARDS, headers=headers).json()["items"]
    assert [item["id"] for item in newest_first] == [second["id"], first["id"]]
    assert [i["id"] for i in client.get(REWARDS, params={"status": "approved"}, headers=headers).json()["items"]] \
        == [first["id"]]
    page = client.get(REWARDS, params={"page": 2, "page_size": 1}, headers=headers).json()
    assert ([item["id"] for item in page["items"]], page["total"]) == ([first["id"]], 2)
    for params in ({"status": "open"}, {"page": 0}, {"page_size": 101}, {"department": "fire"}):
        assert client.get(REWARDS, params=params, headers=headers).status_code == 422, params
    elsewhere = auth("civil_affairs", "staff", area=DISTRICT[:3] + "999")
    assert client.get(REWARDS, headers=elsewhere).json()["total"] == 0
    assert client.get(f"{REWARDS}/{first['id']}", headers=elsewhere).status_code == 404


def test_the_custodian_reads_the_reward_not_the_tip(session: Session, client: TestClient, auth: Any) -> None:
    reward = approved(session, client, auth)
    shown = client.get(f"{REWARDS}/{reward['id']}", headers=custodian(auth))
    assert shown.status_code == 200, shown.text
    assert (shown.json()["tip_number"], shown.json()["facility_name"]) == (reward["tip_number"],
                                                                          reward["facility_name"])
    assert shown.json()["tip_number"] and shown.json()["facility_name"]
    tip_id = reward["tip_id"]
    for path in ("/api/inspection/tips", f"/api/inspection/tips/{tip_id}", "/api/inspection/reward-rule"):
        response = client.get(path, headers=custodian(auth))
        assert response.status_code == 403 and response.json()["code"] == "role_forbidden", (path, response.text)
    message = client.post(f"/api/inspection/tips/{tip_id}/messages", json={"body": "请联系我们领取奖励"},
                          headers=custodian(auth))
    assert message.status_code == 403


def test_a_custodian_of_another_district_sees_nothing(session: Session, client: TestClient, auth: Any) -> None:
    reward = approved(session, client, auth)
    elsewhere = auth("reward_custodian", "custodian", area="999002")
    page = client.get(REWARDS, headers=elsewhere)
    assert page.status_code == 200 and page.json()["total"] == 0
    for response in (client.get(f"{REWARDS}/{reward['id']}", headers=elsewhere),
                     client.post(f"{REWARDS}/{reward['id']}/contact", headers=elsewhere),
                     client.post(f"{REWARDS}/{reward['id']}/payout", headers=elsewhere, json={
                         "paid_on": today().isoformat(), "payout_reference": "REF-2", "version": 2})):
        assert response.status_code == 404 and response.json()["code"] == "reward_not_found", response.text
        assert CONTACT not in response.text
