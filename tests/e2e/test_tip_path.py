"""The whole tip path across real processes: a reporter submits through the gateway without a token and keeps the
receipt; civil affairs assigns the tip; the fire department inspects its tip_check task and fails a major item,
then states the outcome; the reporter reads it with the receipt; a reward is proposed by the department,
approved by its head and paid by the custodian, who alone reads the reporter's contact."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from eldersafe_common import clock
from tests.support.platform import Platform
from tests.support.survey import answer, bearer, create_campaign, png

pytestmark = pytest.mark.e2e

FACILITY = "桂园护理院"
CONTACT = "13800001234"


def _facility(api: str) -> dict[str, Any]:
    """The facility as the public search finds it (inspection learns facilities from registry events)."""
    deadline = time.monotonic() + 30
    while True:
        found = httpx.get(f"{api}/api/inspection/public/facilities", params={"q": "桂园"})
        assert found.status_code == 200, found.text
        match = [row for row in found.json() if row["name"] == FACILITY]
        if match or time.monotonic() > deadline:
            assert match, found.json()
            return dict(match[0])
        time.sleep(0.5)


def _submit_tip(api: str, facility_id: str) -> dict[str, Any]:
    form = {"category": "fire", "description": "夜里看到护理院二楼的安全出口被铁链锁住，走廊里堆着床垫",
            "facility_id": facility_id, "contact": CONTACT, "contact_consent": "true"}
    response = httpx.post(f"{api}/api/inspection/public/tips", data=form,
                          files=[("photos", ("exit.png", png(), "image/png"))])
    assert response.status_code == 201, response.text
    assert "no-store" in response.headers["cache-control"]
    receipt = response.json()
    assert len(receipt["receipt"]) == 16 and receipt["status"] == "received"
    return dict(receipt)


def _status(api: str, receipt: str) -> dict[str, Any]:
    response = httpx.post(f"{api}/api/inspection/public/tips/status", json={"receipt": receipt})
    assert response.status_code == 200, response.text
    return dict(response.json())


def _inspect_tip_check(api: str, fire: str, tip: dict[str, Any]) -> dict[str, Any]:
    """Fire staff open the tip_check task's inspection, fail the major item FIRE-01, pass the rest, submit."""
    photo = httpx.post(f"{api}/api/inspection/photos", headers=bearer(fire),
                       files={"file": ("exit.png", png((30, 30, 200)), "image/png")})
    assert photo.status_code == 201, photo.text
    draft = httpx.post(f"{api}/api/inspection/inspections", headers=bearer(fire), json={
        "campaign_id": tip["campaign_id"], "facility_id": tip["facility_id"], "mode": "tip_check",
        "departments": ["fire"], "task_id": tip["task_id"],
        "inspectors": [{"name": "消防检查员", "department": "fire"}]})
    assert draft.status_code == 201, draft.text
    inspection = draft.json()
    items = [item for section in inspection["sections"] for item in section["items"]]
    answers = [answer(item, fail=item["code"] == "FIRE-01", photo_id=photo.json()["id"]) for item in items]
    saved = httpx.put(f"{api}/api/inspection/inspections/{inspection['id']}/answers", headers=bearer(fire),
                      json={"answers": answers})
    assert saved.status_code == 200, saved.text
    submitted = httpx.post(f"{api}/api/inspection/inspections/{inspection['id']}/submit", headers=bearer(fire))
    assert submitted.status_code == 200, submitted.text
    return dict(submitted.json())


def test_a_tip_from_the_public_to_a_paid_reward(platform: Platform) -> None:
    api = platform.base_url
    head = platform.login("civil_affairs_head")
    facility = _facility(api)
    create_campaign(platform, head, name="举报核查专项", departments=["fire"])

    # The reporter: no token, a receipt shown once.
    receipt = _submit_tip(api, facility["facility_id"])
    assert _status(api, receipt["receipt"])["status"] == "received"

    # Civil affairs finds it in the queue and sends it to fire as a tip_check task.
    queue = httpx.get(f"{api}/api/inspection/tips", params={"q": receipt["number"]}, headers=bearer(head))
    assert queue.status_code == 200, queue.text
    (summary,) = queue.json()["items"]
    assert summary["has_contact"] and summary["photo_count"] == 1
    assigned = httpx.post(f"{api}/api/inspection/tips/{summary['id']}/assign", headers=bearer(head),
                          json={"department": "fire", "version": 1})
    assert assigned.status_code == 200, assigned.text
    tip = assigned.json()
    assert tip["status"] == "assigned" and tip["task_id"]
    assert _status(api, receipt["receipt"])["status"] == "assigned"

    # Fire inspects the task, fails a major item; the tip is verified with the hazard linked.
    fire = platform.login("fire_staff")
    task = httpx.get(f"{api}/api/inspection/tasks/{tip['task_id']}", headers=bearer(fire)).json()
    assert task["mode"] == "tip_check" and task["departments"] == ["fire"]
    inspection = _inspect_tip_check(api, fire, tip)
    (finding,) = [f for f in inspection["findings"] if f["item_code"] == "FIRE-01"]
    checked = httpx.get(f"{api}/api/inspection/tips/{tip['id']}", headers=bearer(fire)).json()
    assert checked["status"] == "verified" and checked["inspection_id"] == inspection["id"]
    assert [(h["hazard_key"], h["severity"]) for h in checked["hazards"]] == [(finding["hazard_key"], "major")]
    outcome = httpx.post(f"{api}/api/inspection/tips/{tip['id']}/outcome", headers=bearer(fire), json={
        "outcome": "verified", "note": "举报属实：安全出口被锁闭，已责令立即整改并立案查处",
        "version": checked["version"]})
    assert outcome.status_code == 200, outcome.text

    # The reporter reads the outcome with the receipt, and never a staff name.
    seen = _status(api, receipt["receipt"])
    assert seen["status"] == "verified"
    assert seen["outcome_note"] == "举报属实：安全出口被锁闭，已责令立即整改并立案查处"
    assert [h["severity"] for h in seen["hazards"]] == ["major"]
    assert "消防检查员" not in str(seen)
    assert httpx.post(f"{api}/api/inspection/public/tips/status",
                      json={"receipt": "0000000000000000"}).status_code == 404

    # The reward: proposed by the department, approved by its head, paid by the custodian.
    rule = httpx.get(f"{api}/api/inspection/reward-rule", headers=bearer(head)).json()
    fine_fen = 5_000_000
    expected = min(max(fine_fen * rule["percent_basis_points"] // 10_000, rule["minimum_fen"]), rule["maximum_fen"])
    proposed = httpx.post(f"{api}/api/inspection/tips/{tip['id']}/reward", headers=bearer(fire),
                          json={"basis": "major_hazard", "fine_fen": fine_fen, "note": "罚款五万元"})
    assert proposed.status_code == 201, proposed.text
    reward = proposed.json()
    assert reward["status"] == "proposed" and reward["proposed_fen"] == expected
    fire_head = platform.login("fire_head")
    approved = httpx.post(f"{api}/api/inspection/rewards/{reward['id']}/approve", headers=bearer(fire_head),
                          json={"version": reward["version"]})
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved" and approved.json()["approved_fen"] == expected
    custodian = platform.login("reward_custodian")
    me = httpx.get(f"{api}/api/auth/me", headers=bearer(custodian)).json()
    assert (me["role"], me["position"], me["department"]) == ("reward_custodian", "custodian", None)
    # Its own role, least privilege: the reward (with the tip number), never the tip, the rule or the registry.
    shown = httpx.get(f"{api}/api/inspection/rewards/{reward['id']}", headers=bearer(custodian))
    assert shown.status_code == 200 and shown.json()["tip_number"] == tip["number"]
    for path in (f"/api/inspection/tips/{tip['id']}", "/api/inspection/tips", "/api/inspection/reward-rule",
                 "/api/registry/facilities", "/api/rectification/hazards", "/api/inspection/campaigns"):
        assert httpx.get(f"{api}{path}", headers=bearer(custodian)).status_code == 403, path
    assert httpx.post(f"{api}/api/inspection/rewards/{reward['id']}/contact",
                      headers=bearer(fire_head)).status_code == 403
    contact = httpx.post(f"{api}/api/inspection/rewards/{reward['id']}/contact", headers=bearer(custodian))
    assert contact.status_code == 200 and contact.json() == {"contact": CONTACT}
    paid = httpx.post(f"{api}/api/inspection/rewards/{reward['id']}/payout", headers=bearer(custodian), json={
        "paid_on": str(clock.china_today()), "payout_reference": "HMQ-JL-2026-0001",
        "version": approved.json()["version"]})
    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "paid" and paid.json()["paid_by_name"]
    assert _status(api, receipt["receipt"])["reward_status"] == "paid"
