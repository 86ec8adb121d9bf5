"""The tip check through the real inspection API: a tip assigned to fire, the fire department inspects its
tip_check task, and the submit settles the tip (verified with the hazards linked, or unfounded)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.conftest import COMMUNITY
from tests.services.inspection.campaigns.support import on_survey_day, seed_inspectors  # noqa: F401

from .triage_support import TIPS, A, B, World, build_world, events_of, make_tip

pytestmark = pytest.mark.usefixtures("on_survey_day")
INSPECTIONS = "/api/inspection/inspections"


@pytest.fixture
def world(session: Session, client: TestClient, auth: Any) -> World:
    return build_world(session, client, auth)


def _assigned(session: Session, client: TestClient, auth: Any, facility: tuple[str, str, str]) -> dict[str, Any]:
    tip = make_tip(session, facility=facility)
    response = client.post(f"{TIPS}/{tip.id}/assign", json={"department": "fire", "version": 1},
                           headers=auth("civil_affairs", "staff"))
    assert response.status_code == 200, response.text
    return dict(response.json())


def _inspect(client: TestClient, auth: Any, world: World, tip: dict[str, Any], answers: list[dict[str, Any]],
             **submit: Any) -> dict[str, Any]:
    fire = auth("fire", "staff")
    body = {"campaign_id": tip["campaign_id"], "facility_id": tip["facility_id"], "mode": "tip_check",
            "departments": ["fire"], "task_id": tip["task_id"],
            "inspectors": [{"name": "王消防", "department": "fire", "subject": "test-fire-staff"}]}
    created = client.post(INSPECTIONS, json=body, headers=fire)
    assert created.status_code == 201, created.text
    inspection_id = created.json()["id"]
    saved = client.put(f"{INSPECTIONS}/{inspection_id}/answers", json={"answers": answers}, headers=fire)
    assert saved.status_code == 200, saved.text
    submitted = client.post(f"{INSPECTIONS}/{inspection_id}/submit", headers={**fire, **submit})
    assert submitted.status_code == 200, submitted.text
    return dict(submitted.json())


def test_a_failed_item_verifies_the_tip_and_links_the_hazard(session: Session, client: TestClient, auth: Any,
                                                             world: World) -> None:
    tip = _assigned(session, client, auth, A)
    answers = [{"item_id": world.items["T1"], "result": "pass"},
               {"item_id": world.items["T2"], "result": "fail",
                "finding": {"description": "二楼楼梯间堆放纸箱，安全出口上锁", "measures": "立即清理并解锁"}}]
    inspection = _inspect(client, auth, world, tip, answers, **{"Idempotency-Key": "tip-check-1"})
    (finding,) = inspection["findings"]
    after = client.get(f"{TIPS}/{tip['id']}", headers=auth("civil_affairs", "staff")).json()
    assert after["status"] == "verified" and after["inspection_id"] == inspection["id"]
    # Listed by what was found, not by the check item's wording (issue 11).
    assert after["hazards"] == [{"hazard_key": finding["hazard_key"], "title": "二楼楼梯间堆放纸箱，安全出口上锁",
                                 "severity": "major"}]
    # (the reporter's receipt view lists the same tip_hazard titles: test_public_status)
    assert after["resolved_at"] is not None and after["version"] == tip["version"] + 1
    (checked,) = events_of(session, "tip.checked")
    assert checked.subject == f"tip:{tip['id']}"
    assert checked.payload == {"tip_id": tip["id"], "number": tip["number"], "facility_id": A[0],
                               "area_code": COMMUNITY, "outcome": "verified",
                               "hazard_keys": [finding["hazard_key"]]}
    # The hazard itself went to the ledger as usual, under the same key.
    (hazard,) = events_of(session, "hazard.found")
    assert hazard.payload["hazard_key"] == finding["hazard_key"] and hazard.payload["mode"] == "tip_check"
    # The task is done; a replayed submit announces nothing more.
    task = client.get(f"/api/inspection/tasks/{tip['task_id']}", headers=auth("fire", "head")).json()
    assert task["status"] == "done" and task["inspection_id"] == inspection["id"]
    replay = client.post(f"{INSPECTIONS}/{inspection['id']}/submit",
                         headers={**auth("fire", "staff"), "Idempotency-Key": "tip-check-1"})
    assert replay.status_code == 200
    assert len(events_of(session, "tip.checked")) == 1
    # The department then tells the reporter; a hazard-backed tip cannot be called unfounded.
    note = client.post(f"{TIPS}/{tip['id']}/outcome", headers=auth("fire", "staff"),
                       json={"outcome": "verified", "note": "举报属实，已责令整改", "version": after["version"]})
    assert note.status_code == 200 and note.json()["outcome_note"] == "举报属实，已责令整改"
    assert len(events_of(session, "tip.checked")) == 1
    refused = client.post(f"{TIPS}/{tip['id']}/outcome", headers=auth("fire", "staff"),
                          json={"outcome": "unfounded", "note": "不属实", "version": note.json()["version"]})
    assert refused.status_code == 409 and refused.json()["code"] == "hazards_found"


def test_a_finding_fixed_on_the_spot_still_verifies_the_tip(session: Session, client: TestClient, auth: Any,
                                                            world: World) -> None:
    tip = _assigned(session, client, auth, A)
    answers = [{"item_id": world.items["T1"], "result": "fail",
                "finding": {"description": "灭火器过期", "fixed_on_spot": True}},
               {"item_id": world.items["T2"], "result": "pass"}]
    _inspect(client, auth, world, tip, answers)
    after = client.get(f"{TIPS}/{tip['id']}", headers=auth("fire", "staff")).json()
    assert after["status"] == "verified"
    assert [(h["title"], h["severity"]) for h in after["hazards"]] == [("灭火器过期", "ordinary")]
    assert events_of(session, "hazard.found") == []  # nothing left open for the ledger


def test_all_passes_make_the_tip_unfounded(session: Session, client: TestClient, auth: Any, world: World) -> None:
    tip = _assigned(session, client, auth, B)
    answers = [{"item_id": world.items["T1"], "result": "pass"}, {"item_id": world.items["T2"], "result": "pass"}]
    _inspect(client, auth, world, tip, answers)
    after = client.get(f"{TIPS}/{tip['id']}", headers=auth("fire", "staff")).json()
    assert (after["status"], after["hazards"]) == ("unfounded", [])
    (checked,) = events_of(session, "tip.checked")
    assert checked.payload["outcome"] == "unfounded" and checked.payload["hazard_keys"] == []


def test_an_outcome_stated_before_the_inspection_is_strengthened_by_findings(
        session: Session, client: TestClient, auth: Any, world: World) -> None:
    tip = _assigned(session, client, auth, A)
    early = client.post(f"{TIPS}/{tip['id']}/outcome", headers=auth("fire", "staff"),
                        json={"outcome": "unfounded", "note": "电话核实未发现问题", "version": tip["version"]})
    assert early.status_code == 200
    answers = [{"item_id": world.items["T1"], "result": "pass"},
               {"item_id": world.items["T2"], "result": "fail", "finding": {"description": "安全出口上锁"}}]
    _inspect(client, auth, world, tip, answers)
    after = client.get(f"{TIPS}/{tip['id']}", headers=auth("fire", "staff")).json()
    assert after["status"] == "verified" and len(after["hazards"]) == 1
    assert [e.payload["outcome"] for e in events_of(session, "tip.checked")] == ["unfounded", "verified"]


def test_an_inspection_of_no_tip_touches_no_tip(session: Session, client: TestClient, auth: Any,
                                                world: World) -> None:
    tip = _assigned(session, client, auth, A)
    seed_inspectors(session)
    planned = client.post("/api/inspection/tasks", headers=auth("civil_affairs", "staff"), json={
        "campaign_id": world.campaign_id, "facility_id": A[0], "departments": ["fire"], "mode": "announced",
        "assignees": [{"subject": "test-fire-staff", "name": "王消防"}], "due_date": "2026-03-06"}).json()
    answers = [{"item_id": world.items["T1"], "result": "pass"},
               {"item_id": world.items["T2"], "result": "fail", "finding": {"description": "安全出口上锁"}}]
    _inspect(client, auth, world, {**tip, "task_id": planned["id"]}, answers)
    after = client.get(f"{TIPS}/{tip['id']}", headers=auth("fire", "staff")).json()
    assert (after["status"], after["hazards"], after["inspection_id"]) == ("assigned", [], None)
    assert events_of(session, "tip.checked") == []


def test_a_failure_added_by_amendment_verifies_an_unfounded_tip(session: Session, client: TestClient, auth: Any,
                                                                world: World) -> None:
    tip = _assigned(session, client, auth, B)
    answers = [{"item_id": world.items["T1"], "result": "pass"}, {"item_id": world.items["T2"], "result": "pass"}]
    inspection = _inspect(client, auth, world, tip, answers)
    amended = client.post(f"{INSPECTIONS}/{inspection['id']}/amendments", headers=auth("fire", "staff"), json={
        "reason": "复查照片发现安全出口上锁", "answers": [
            {"item_id": world.items["T2"], "result": "fail", "finding": {"description": "安全出口上锁"}}]})
    assert amended.status_code == 201, amended.text
    (finding,) = amended.json()["findings"]
    after = client.get(f"{TIPS}/{tip['id']}", headers=auth("fire", "staff")).json()
    assert after["status"] == "verified"
    assert [h["hazard_key"] for h in after["hazards"]] == [finding["hazard_key"]]
    assert [e.payload["outcome"] for e in events_of(session, "tip.checked")] == ["unfounded", "verified"]
    # Restating the same failure links nothing twice and announces nothing new.
    again = client.post(f"{INSPECTIONS}/{inspection['id']}/amendments", headers=auth("fire", "staff"), json={
        "reason": "补充描述", "answers": [
            {"item_id": world.items["T2"], "result": "fail", "finding": {"description": "安全出口上锁且无标识"}}]})
    assert again.status_code == 201, again.text
    assert len(client.get(f"{TIPS}/{tip['id']}", headers=auth("fire", "staff")).json()["hazards"]) == 1
    assert len(events_of(session, "tip.checked")) == 2
