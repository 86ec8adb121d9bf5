import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from eldersafe_common import clock
from eldersafe_inspection.tipoffs.tips import intake, public_repository, receipts
from eldersafe_inspection.tipoffs.tips.models import TipHazard, TipMessage
from eldersafe_inspection.tipoffs.tips.reward_models import TipReward

from .public_support import TIPS, facility, submit, tip_by_number

__all__ = ["facility"]  # fixtures


def _tip(client: TestClient, facility: str) -> tuple[str, str]:
    body = submit(client, facility_id=facility).json()
    return body["number"], body["receipt"]


def test_the_receipt_shows_the_tip_and_its_thread(session: Session, client: TestClient, facility: str) -> None:
    number, receipt = _tip(client, facility)
    response = client.post(f"{TIPS}/status", json={"receipt": receipt})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    view = response.json()
    assert (view["number"], view["category"], view["facility_name"], view["status"]) == (
        number, "fire", "幸福养老院", "received")
    assert (view["hazards"], view["messages"], view["reward_status"], view["duplicate_of_number"]) == (
        [], [], None, None)
    # Typed the way people copy numbers: in groups.
    grouped = " ".join(receipt[i:i + 4] for i in range(0, 16, 4))
    assert client.post(f"{TIPS}/status", json={"receipt": grouped}).json()["number"] == number


def test_the_view_carries_outcome_hazards_department_messages_and_reward(session: Session, client: TestClient,
                                                                         facility: str) -> None:
    original, _ = _tip(client, facility)
    number, receipt = _tip(client, facility)
    tip = tip_by_number(session, number)
    first = tip_by_number(session, original)
    now = clock.now()
    tip.status, tip.outcome_note, tip.duplicate_of = "verified", "现场核实：消防通道堵塞。", first.id
    session.add(tip)
    session.add(TipHazard(tip_id=tip.id, hazard_key="h-1", title="消防通道堵塞", severity="major", linked_at=now))
    session.add(TipMessage(id=str(uuid.uuid4()), tip_id=tip.id, author="department", department="fire",
                           author_subject="fire-inspector-7", author_name="王检查员", body="已安排核查。",
                           created_at=now + timedelta(seconds=1)))
    session.add(TipReward(id=str(uuid.uuid4()), tip_id=tip.id, area_code=tip.area_code, department="fire",
                          basis="major_hazard", fine_fen=1_000_000, proposed_fen=150_000, proposed_by="x",
                          proposed_by_name="x", proposed_at=now))
    session.flush()
    view = client.post(f"{TIPS}/status", json={"receipt": receipt}).json()
    assert (view["status"], view["outcome_note"], view["duplicate_of_number"]) == (
        "verified", "现场核实：消防通道堵塞。", original)
    assert view["hazards"] == [{"title": "消防通道堵塞", "severity": "major"}]
    assert [(m["author"], m["department"], m["body"]) for m in view["messages"]] == [
        ("department", "fire", "已安排核查。")]
    # The reporter learns which department answered, never who.
    assert "王检查员" not in str(view) and "fire-inspector-7" not in str(view)
    assert view["reward_status"] == "proposed"


def test_the_reporter_writes_to_the_thread(session: Session, client: TestClient, facility: str) -> None:
    number, receipt = _tip(client, facility)
    before = tip_by_number(session, number).updated_at
    response = client.post(f"{TIPS}/messages", json={"receipt": receipt, "body": "今天又看到通道被堵了。"})
    assert response.status_code == 201, response.text
    assert response.headers["cache-control"] == "no-store"
    messages = response.json()["messages"]
    assert [(m["author"], m["department"], m["body"]) for m in messages] == [
        ("reporter", None, "今天又看到通道被堵了。")]
    tip = tip_by_number(session, number)
    stored = session.exec(select(TipMessage).where(TipMessage.tip_id == tip.id)).one()
    assert (stored.author, stored.author_subject, stored.author_name) == ("reporter", None, None)
    assert tip.updated_at >= before and tip.version == 1


@pytest.mark.parametrize("body", ["", "字" * 1001, "a\x00b"])
def test_a_bad_message_is_refused(client: TestClient, facility: str, body: str) -> None:
    _, receipt = _tip(client, facility)
    response = client.post(f"{TIPS}/messages", json={"receipt": receipt, "body": body})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.body"


def test_a_thread_has_a_limit(session: Session, client: TestClient, facility: str,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intake, "MAX_REPORTER_MESSAGES", 2)
    _, receipt = _tip(client, facility)
    for _ in range(2):
        assert client.post(f"{TIPS}/messages", json={"receipt": receipt, "body": "补充"}).status_code == 201
    refused = client.post(f"{TIPS}/messages", json={"receipt": receipt, "body": "补充"})
    assert (refused.status_code, refused.json()["code"]) == (409, "message_limit_reached")


def test_every_wrong_receipt_gets_the_same_404(client: TestClient, facility: str) -> None:
    _, receipt = _tip(client, facility)
    wrong = f"{(int(receipt[0]) + 1) % 10}{receipt[1:]}"
    answers = []
    for candidate in (wrong, "0000000000000000", "12345", "abcdefghijklmnop", receipt + "1", "１" * 16):
        for path, body in (("status", {"receipt": candidate}), ("messages", {"receipt": candidate, "body": "hi"})):
            response = client.post(f"{TIPS}/{path}", json=body)
            assert response.status_code == 404, (candidate, response.text)
            assert response.headers["cache-control"] == "no-store"
            problem = response.json()
            problem.pop("instance")
            answers.append(problem)
    assert all(answer == answers[0] for answer in answers)
    assert answers[0]["code"] == "receipt_not_found"


def test_every_receipt_costs_one_hash_and_one_lookup(client: TestClient, facility: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # Work, not wall-clock time: a malformed guess must not be answered faster than a well-formed one.
    _, receipt = _tip(client, facility)
    hashed: list[str] = []
    looked_up: list[str] = []
    real_hash, real_lookup = receipts.receipt_hash, public_repository.by_receipt_hash
    monkeypatch.setattr(receipts, "receipt_hash", lambda value: hashed.append(value) or real_hash(value))
    monkeypatch.setattr(public_repository, "by_receipt_hash",
                        lambda session, value: looked_up.append(value) or real_lookup(session, value))
    for candidate in (receipt, f"{(int(receipt[0]) + 1) % 10}{receipt[1:]}", "x", "12345", "１" * 16):
        hashed.clear()
        looked_up.clear()
        client.post(f"{TIPS}/status", json={"receipt": candidate})
        assert (len(hashed), len(looked_up)) == (1, 1), candidate


def test_the_receipt_never_travels_in_the_url(client: TestClient, facility: str) -> None:
    _, receipt = _tip(client, facility)
    response = client.get(f"{TIPS}/status", params={"receipt": receipt})
    assert response.status_code == 405
    assert client.post(f"{TIPS}/status", params={"receipt": receipt}, json={}).status_code == 422
