import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from eldersafe_common.events import EventRecord
from eldersafe_inspection.classification.models import ClassificationRule
from eldersafe_inspection.classification.service import seed_classification_rules, suggest
from tests.conftest import COMMUNITY

from ..campaigns.support import (
    FA,
    FB,
    FC,
    FD,
    URL,
    Finding,
    create_campaign,
    fake_inspections,
    on_survey_day,  # noqa: F401  (fixture)
    seed_facilities,
)

pytestmark = pytest.mark.usefixtures("on_survey_day")

FINDINGS = [
    # FA: a class D dangerous building (major, not fixable) -> shutdown
    Finding(FA, "housing", "building", "major", "ZJ-01", "主体结构D级危房", "MZ-2023-4.1", criterion_fixable=False),
    Finding(FA, "fire", "fire", "ordinary", "XF-03", "灭火器过期"),
    # FB: major but fixable -> suspend; a major fixed on the spot does not count
    Finding(FB, "fire", "fire", "major", "XF-01", "疏散通道堵塞", "MZ-2023-4.3"),
    # FD: only a major fixed on the spot -> pass
    Finding(FD, "fire", "fire", "major", "XF-01", "安全出口上锁", "MZ-2023-4.3", fixed_on_spot=True),
]


DEPARTMENTS = ("civil_affairs", "fire", "health")  # the campaign's (campaign_body)
EVERY_PAIR = {(facility, dept) for facility in (FA, FB, FC, FD) for dept in DEPARTMENTS}


@pytest.fixture
def campaign(session: Session, client: TestClient, auth, monkeypatch: pytest.MonkeyPatch) -> dict:
    seed_facilities(session)
    fake_inspections(monkeypatch, covered=EVERY_PAIR, findings=FINDINGS)
    return create_campaign(client, auth)


def suggestions(client: TestClient, auth, campaign: dict) -> dict[str, dict]:
    rows = client.get(f"{URL}/{campaign['id']}/classifications", headers=auth("task_force", "member")).json()
    return {row["facility_id"]: row for row in rows}


def test_rules_are_seeded_data(session: Session) -> None:
    rules = session.exec(select(ClassificationRule).order_by(col(ClassificationRule.priority))).all()
    assert [(r.condition, r.klass) for r in rules] == [
        ("open_major_unfixable", "shutdown"), ("open_major", "suspend"), ("not_inspected", "not_inspected"),
        ("default", "pass")]
    assert seed_classification_rules(session) == 0  # idempotent


def test_suggestions_follow_the_rules(client: TestClient, auth, campaign: dict) -> None:
    by_id = suggestions(client, auth, campaign)
    assert {fid: row["suggested_class"] for fid, row in by_id.items()} == {
        FA: "shutdown", FB: "suspend", FC: "pass", FD: "pass"}
    assert by_id[FA]["reasons"][0]["item_codes"] == ["ZJ-01"] and "D级危房" in by_id[FA]["reasons"][0]["text_zh"]
    assert by_id[FB]["reasons"][0]["condition"] == "open_major"
    assert by_id[FA]["decided_class"] is None
    assert all(len(row["reasons"]) == 1 for row in by_id.values())  # every department has inspected


def test_a_facility_nobody_inspected_is_not_inspected(client: TestClient, auth, campaign: dict,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # FC: only civil affairs has inspected; FD: nobody. Neither is "pass", and the reasons name who is missing.
    covered = {pair for pair in EVERY_PAIR if pair[0] not in (FC, FD)} | {(FC, "civil_affairs")}
    fake_inspections(monkeypatch, covered=covered, findings=FINDINGS)
    by_id = suggestions(client, auth, campaign)
    assert by_id[FC]["suggested_class"] == by_id[FD]["suggested_class"] == "not_inspected"
    (reason,) = by_id[FC]["reasons"]
    assert reason["condition"] == "not_inspected" and reason["departments"] == ["fire", "health"]
    assert reason["text_zh"] == "尚未完成检查的部门：消防、卫健" and reason["text_en"].endswith("fire, health")
    assert by_id[FD]["reasons"][0]["departments"] == list(DEPARTMENTS)


def test_a_hazard_found_is_not_hidden_behind_an_unfinished_survey(client: TestClient, auth, campaign: dict,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    fake_inspections(monkeypatch, covered={(FB, "fire")}, findings=FINDINGS)
    by_id = suggestions(client, auth, campaign)
    assert by_id[FB]["suggested_class"] == "suspend"
    assert [r["condition"] for r in by_id[FB]["reasons"]] == ["open_major", "not_inspected"]
    assert by_id[FB]["reasons"][1]["departments"] == ["civil_affairs", "health"]


@pytest.mark.parametrize(("state", "expected"), [
    (None, "suspend"), ("open", "suspend"), ("in_progress", "suspend"), ("submitted", "suspend"),
    ("accepted", "pass"), ("signed_off", "pass"), ("withdrawn", "pass"),
])
def test_the_suggestion_reads_the_ledger(client: TestClient, auth, campaign: dict, monkeypatch: pytest.MonkeyPatch,
                                         state: str | None, expected: str) -> None:
    major = Finding(FB, "fire", "fire", "major", "XF-01", "疏散通道堵塞", "MZ-2023-4.3", ledger_state=state)
    fake_inspections(monkeypatch, covered=EVERY_PAIR, findings=[major])
    assert suggestions(client, auth, campaign)[FB]["suggested_class"] == expected


def test_an_unfixable_major_keeps_shutdown_until_the_ledger_closes_it(
        client: TestClient, auth, campaign: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    for state, expected in (("in_progress", "shutdown"), ("submitted", "shutdown"), ("signed_off", "pass")):
        unfixable = Finding(FA, "housing", "building", "major", "ZJ-01", "主体结构D级危房", "MZ-2023-4.1",
                            criterion_fixable=False, ledger_state=state)
        fake_inspections(monkeypatch, covered=EVERY_PAIR, findings=[unfixable])
        assert suggestions(client, auth, campaign)[FA]["suggested_class"] == expected, state


def test_a_rule_is_data(session: Session) -> None:
    rules = list(session.exec(select(ClassificationRule).order_by(col(ClassificationRule.priority))))
    rules[0].active = False  # a district that does not shut down on its own suggestion
    assert suggest([r for r in rules if r.active], FINDINGS[:1])[0] == "suspend"
    assert suggest(rules, [])[0] == "pass"
    assert suggest(rules, [], ["fire"])[0] == "not_inspected"
    # A district that lets an unfinished survey pass: without the rule, nothing suggests not_inspected.
    assert suggest([r for r in rules if r.condition != "not_inspected"], [], ["fire"])[0] == "pass"


def test_only_the_task_force_leader_or_deputy_decides(client: TestClient, auth, campaign: dict) -> None:
    path = f"{URL}/{campaign['id']}/classifications/{FB}"
    body = {"class": "suspend", "reason": "疏散通道堵塞，停业整顿"}
    for role, position in (("task_force", "member"), ("civil_affairs", "head"), ("fire", "head"),
                           ("admin", "staff")):
        assert client.post(path, json=body, headers=auth(role, position)).status_code == 403, role
    assert client.post(path, json=body, headers=auth("task_force", "deputy")).status_code == 200


def test_a_reason_is_required(client: TestClient, auth, campaign: dict) -> None:
    path = f"{URL}/{campaign['id']}/classifications/{FB}"
    headers = auth("task_force", "leader")
    for body in ({"class": "suspend"}, {"class": "suspend", "reason": ""}, {"class": "suspend", "reason": "  "},
                 {"class": "closed", "reason": "理由"}):
        response = client.post(path, json=body, headers=headers)
        assert response.status_code == 422, body
    # Differing from the suggestion needs a fuller reason.
    response = client.post(path, json={"class": "pass", "reason": "已整改"}, headers=headers)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "body.reason"


def test_decision_is_stored_and_published(session: Session, client: TestClient, auth, campaign: dict) -> None:
    path = f"{URL}/{campaign['id']}/classifications/{FB}"
    reason = "现场复查疏散通道已清理，经专班研究同意合格"
    response = client.post(path, json={"class": "pass", "reason": reason},
                           headers=auth("task_force", "leader", subject="leader-wang"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["suggested_class"], body["decided_class"], body["decided_by"]) == ("suspend", "pass", "leader-wang")
    assert body["decision_reason"] == reason and body["decided_at"]
    listed = client.get(f"{URL}/{campaign['id']}/classifications", headers=auth("fire", "staff")).json()
    assert {r["facility_id"]: r["decided_class"] for r in listed}[FB] == "pass"
    events = session.exec(select(EventRecord).where(EventRecord.type == "facility.classified")).all()
    assert len(events) == 1
    event = events[0]
    assert event.subject == f"facility:{FB}" and event.producer == "inspection"
    assert event.payload["class"] == "pass" and event.payload["suggested_class"] == "suspend"
    assert {k: event.payload[k] for k in ("campaign_id", "facility_id", "area_code", "reason", "decided_by")} == {
        "campaign_id": campaign["id"], "facility_id": FB, "area_code": COMMUNITY, "reason": reason,
        "decided_by": "leader-wang"}


def test_decisions_are_area_scoped(client: TestClient, auth, campaign: dict) -> None:
    body = {"class": "pass", "reason": "无重大隐患，合格"}
    unknown = "00000000-0000-4000-8000-000000000099"
    headers = auth("task_force", "leader")
    assert client.post(f"{URL}/{campaign['id']}/classifications/{unknown}", json=body,
                       headers=headers).status_code == 404
    rows = client.get(f"{URL}/{campaign['id']}/classifications",
                      headers=auth("community", "officer", area=COMMUNITY)).json()
    assert sorted(r["facility_id"] for r in rows) == sorted([FA, FB])
