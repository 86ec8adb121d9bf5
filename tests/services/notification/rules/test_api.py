from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_notification.escalation.tick import tick
from tests.services.notification.ladder import china, district_contacts, hazard, rows

Headers = Callable[..., dict[str, str]]
LADDER = [
    {"stage": "remind_1d", "offset_days": -1, "recipients": ["responsible"], "channels": ["sms"]},
    {"stage": "due_day", "offset_days": 0, "recipients": ["task_force_leader"], "channels": ["inbox"]},
]


def fields(response) -> set[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return {error["field"] for error in response.json()["errors"]}


def test_admin_reads_the_default_ladders(client: TestClient, auth: Headers) -> None:
    body = client.get("/api/notification/rules", headers=auth("admin")).json()
    defaults = {rule["rule_key"]: rule for rule in body["items"] if rule["severity"] is None}
    assert [s["stage"] for s in defaults["hazard.deadline"]["stages"]] == [
        "remind_3d", "remind_1d", "due_day", "overdue_3wd", "overdue_7wd"]
    assert defaults["hazard.deadline"]["stages"][-1]["flag_supervision"] is True
    assert defaults["supervision_order.deadline"]["stages"][0]["stage"] == "issued"


@pytest.mark.parametrize("path,method", [("/rules", "get"), ("/rules/hazard.deadline", "put"), ("/settings", "get"),
                                         ("/calendar?year=2026", "get"), ("/calendar/2026-10-01", "put"),
                                         ("/calendar/2027/status", "get")])
def test_non_admins_are_forbidden(client: TestClient, auth: Headers, path: str, method: str) -> None:
    body = {"stages": LADDER} if "rules" in path else {"kind": "workday"}
    response = client.request(method, f"/api/notification{path}", headers=auth("task_force", "leader"),
                              json=body if method == "put" else None)
    assert response.status_code == 403


def test_a_major_variant_wins_for_major_hazards(client: TestClient, session: Session, auth: Headers) -> None:
    saved = client.put("/api/notification/rules/hazard.deadline", params={"severity": "major"},
                       json={"stages": LADDER}, headers=auth("admin"))
    assert saved.status_code == 200 and saved.json()["severity"] == "major"
    district_contacts(session)
    hazard(session, "h-major", deadline=date(2026, 5, 20), severity="major")
    hazard(session, "h-plain", deadline=date(2026, 5, 21))
    tick(session, now=china(date(2026, 5, 20)))
    assert {(r.subject.split("@")[0], r.stage) for r in rows(session)} == {
        ("hazard:h-major", "remind_1d"), ("hazard:h-major", "due_day"),
        ("hazard:h-plain", "remind_1d")}  # remind_3d is due too, but only the latest reminder applies
    removed = client.delete("/api/notification/rules/hazard.deadline", params={"severity": "major"},
                            headers=auth("admin"))
    assert removed.status_code == 204
    assert client.delete("/api/notification/rules/hazard.deadline", headers=auth("admin")).status_code == 409


@pytest.mark.parametrize("key,stages,expected", [
    ("hazard.unknown", LADDER, {"path.rule_key"}),
    ("hazard.deadline", [{**LADDER[0], "stage": "later"}], {"body.stages.0.stage"}),
    ("hazard.deadline", [{**LADDER[0], "recipients": ["mayor"]}], {"body.stages.0.recipients.0"}),
    ("hazard.deadline", [{**LADDER[0], "channels": ["fax"]}], {"body.stages.0.channels.0"}),
    ("hazard.deadline", [LADDER[1], LADDER[0]], {"body.stages.1.offset_days"}),
    ("hazard.deadline", [LADDER[0], {**LADDER[1], "offset_days": -1}], {"body.stages.1.offset_days"}),
    ("hazard.deadline", [{**LADDER[0], "stage": "issued", "offset_days": None}], {"body.stages.0.stage"}),
    ("supervision_order.deadline", [LADDER[0], {**LADDER[1], "stage": "issued"}],
     {"body.stages.1.stage", "body.stages.1.offset_days"}),
    ("hazard.deadline", [{**LADDER[0], "offset_days": "1"}], {"body.stages.0.offset_days"}),
    ("hazard.deadline", [], {"body.stages"}),
])
def test_bad_ladders_are_refused_naming_the_field(client: TestClient, auth: Headers, key: str,
                                                  stages: list[dict[str, object]], expected: set[str]) -> None:
    response = client.put(f"/api/notification/rules/{key}", json={"stages": stages}, headers=auth("admin"))
    assert expected <= fields(response)


def test_settings_refuse_quiet_hours_that_never_end(client: TestClient, auth: Headers) -> None:
    good = {"quiet_start": "22:30", "quiet_end": "06:45", "digest_time": "08:00"}
    assert client.put("/api/notification/settings", json=good, headers=auth("admin")).json()["quiet_start"] == "22:30"
    assert fields(client.put("/api/notification/settings", json={**good, "quiet_end": "22:30"},
                             headers=auth("admin"))) == {"body.quiet_end"}
    assert fields(client.put("/api/notification/settings", json={**good, "digest_time": "24:00"},
                             headers=auth("admin"))) == {"body.digest_time"}
    assert client.get("/api/notification/settings", headers=auth("admin")).json()["quiet_end"] == "06:45"


def test_calendar_overrides_and_year_status(client: TestClient, auth: Headers) -> None:
    admin = auth("admin")
    put = client.put("/api/notification/calendar/2027-02-20", json={"kind": "workday", "note": "春节调休"},
                     headers=admin)
    assert put.status_code == 200 and put.json()["kind"] == "workday"
    assert client.get("/api/notification/calendar", params={"year": 2027}, headers=admin).json()["total"] == 1
    status = client.get("/api/notification/calendar/2027/status", headers=admin).json()
    assert status["package_knows"] is False and status["fallback"] == "weekdays" and status["overrides"] == 1
    assert client.get("/api/notification/calendar/2026/status", headers=admin).json()["package_knows"] is True
    assert client.delete("/api/notification/calendar/2027-02-20", headers=admin).status_code == 204
    assert client.get("/api/notification/calendar/2027-02-20", headers=admin).status_code == 404
    assert fields(client.put("/api/notification/calendar/2027-02-30", json={"kind": "workday"},
                             headers=admin)) == {"path.day"}
    assert fields(client.put("/api/notification/calendar/2027-02-21", json={"kind": "weekend"},
                             headers=admin)) == {"body.kind"}
    assert fields(client.get("/api/notification/calendar/1999/status", headers=admin)) == {"path.year"}


def test_a_new_ladder_settles_marks_left_by_the_old_one(client: TestClient, session: Session, auth: Headers) -> None:
    district_contacts(session)
    hazard(session, "h-1", deadline=date(2026, 5, 20))
    tick(session, now=china(date(2026, 5, 19)))  # remind_1d done: the mark is -1
    ladder = [{"stage": "remind_3d", "offset_days": -2, "recipients": ["responsible"], "channels": ["sms"]},
              {"stage": "due_day", "offset_days": 0, "recipients": ["task_force_leader"], "channels": ["inbox"]}]
    assert client.put("/api/notification/rules/hazard.deadline", json={"stages": ladder},
                      headers=auth("admin")).status_code == 200
    result = tick(session, now=china(date(2026, 5, 20)))
    assert result.by_stage == {"due_day": 1}  # -1 became -2: remind_3d (-2) is not repeated, due_day still fires
    assert {r.recipient for r in rows(session, stage="due_day")} == {"account:tf-leader"}


def test_every_change_keeps_the_name_of_who_made_it(client: TestClient, auth: Headers) -> None:
    admin = auth("admin", name="王建国")
    rule = client.put("/api/notification/rules/hazard.deadline", json={"stages": LADDER}, headers=admin).json()
    settings = client.put("/api/notification/settings", headers=admin,
                          json={"quiet_start": "22:00", "quiet_end": "07:00", "digest_time": "08:00"}).json()
    day = client.put("/api/notification/calendar/2027-02-20", json={"kind": "workday"}, headers=admin).json()
    for body in (rule, settings, day):
        assert (body["updated_by"], body["updated_by_name"]) == ("test-admin-staff", "王建国")
