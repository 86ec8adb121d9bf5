"""Account writes publish account.created / account.updated (v1) in their own transaction."""

import json

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from eldersafe_common.events import EventRecord
from eldersafe_gateway import seed
from eldersafe_gateway.settings import DEMO_DISTRICT
from tests.gateway.accounts.test_admin import NEW

FIELDS = {"account_id", "username", "name", "role", "position", "department", "area", "facility", "phone", "email",
          "disabled"}


def account_events(session: Session, account_id: str) -> list[EventRecord]:
    return list(session.exec(select(EventRecord).where(col(EventRecord.subject) == f"account:{account_id}")
                             .order_by(col(EventRecord.id))))


def test_create_update_disable_and_enable_each_publish(client: TestClient, session: Session,
                                                       admin_headers: dict[str, str]) -> None:
    created = client.post("/api/accounts", json=NEW, headers=admin_headers).json()
    changed = client.patch(f"/api/accounts/{created['id']}", json={"phone": "13800000010"}, headers=admin_headers)
    assert changed.status_code == 200
    assert client.post(f"/api/accounts/{created['id']}/disable", headers=admin_headers).status_code == 200
    assert client.post(f"/api/accounts/{created['id']}/enable", headers=admin_headers).status_code == 200
    events = account_events(session, created["id"])
    assert [(e.type, e.version, e.producer) for e in events] == [
        ("account.created", 1, "gateway")] + [("account.updated", 1, "gateway")] * 3
    assert set(events[0].payload) == FIELDS
    assert events[0].payload["phone"] == "13800000009" and events[0].payload["department"] == "fire"
    assert [e.payload["phone"] for e in events[1:]] == ["13800000010"] * 3
    assert [e.payload["disabled"] for e in events[1:]] == [False, True, False]
    assert "password_hash" not in json.dumps([e.payload for e in events])


def test_a_refused_write_publishes_nothing(client: TestClient, session: Session,
                                           admin_headers: dict[str, str]) -> None:
    before = len(list(session.exec(select(EventRecord).where(col(EventRecord.type) == "account.created"))))
    refused = client.post("/api/accounts", json={**NEW, "area": "999001001"}, headers=admin_headers)
    assert refused.status_code == 422
    after = len(list(session.exec(select(EventRecord).where(col(EventRecord.type) == "account.created"))))
    assert after == before


def test_the_seed_publishes_each_account_once(session: Session) -> None:
    district = json.loads(DEMO_DISTRICT.read_text(encoding="utf-8"))
    seed.seed_demo(session=session, district=district)
    seed.seed_demo(session=session, district=district)
    created = list(session.exec(select(EventRecord).where(col(EventRecord.type) == "account.created")))
    usernames = [e.payload["username"] for e in created]
    assert sorted(usernames) == sorted(a["username"] for a in district["accounts"])
