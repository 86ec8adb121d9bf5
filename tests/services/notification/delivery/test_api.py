"""The inbox (the caller's own items only) and the delivery log (roles, area, filters, strict input, retry)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from eldersafe_notification.delivery.enqueue import Message, Recipient, enqueue
from eldersafe_notification.delivery.models import Notification
from tests.conftest import COMMUNITY, SUBDISTRICT

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
Auth = Callable[..., dict[str, str]]
ME = "account-fire-head"
OTHER_COMMUNITY = "999001002001"


def message(n: int, *, area: str = COMMUNITY) -> Message:
    return Message(rule_key="hazard.deadline", subject=f"hazard:h{n}@2026-06-04", stage="remind_1d",
                   title=f"整改期限明日到期 {n}", body="疏散通道堆放杂物", link=f"/rectification/hazards/h{n}",
                   area_code=area)


def inbox_of(session: Session, subject: str, count: int) -> list[str]:
    for n in range(count):
        enqueue(session, message=message(n), recipient=Recipient(key=f"account:{subject}", name="x"),
                channel="inbox", now=NOW + timedelta(minutes=n))
    return list(session.exec(select(Notification.id).where(col(Notification.recipient) == f"account:{subject}")
                             .order_by(col(Notification.created_at).desc())))


def test_the_inbox_lists_counts_and_marks_the_callers_own_items(client: TestClient, session: Session,
                                                                auth: Auth) -> None:
    mine = inbox_of(session, ME, 3)
    theirs = inbox_of(session, "someone-else", 1)
    me = auth("fire", "head", subject=ME)
    page = client.get("/api/notification/inbox", headers=me).json()
    assert [item["id"] for item in page["items"]] == mine and page["total"] == 3
    assert page["items"][0]["link"] == "/rectification/hazards/h2"
    assert client.get("/api/notification/inbox/unread-count", headers=me).json() == {"unread": 3}
    read = client.post(f"/api/notification/inbox/{mine[0]}/read", headers=me)
    assert read.status_code == 200 and read.json()["read_at"] is not None
    assert client.get("/api/notification/inbox/unread-count", headers=me).json() == {"unread": 2}
    unread = client.get("/api/notification/inbox", params={"unread": "true"}, headers=me).json()
    assert [item["id"] for item in unread["items"]] == mine[1:]
    # Someone else's item is not there for the caller.
    assert client.post(f"/api/notification/inbox/{theirs[0]}/read", headers=me).status_code == 404
    assert client.post(f"/api/notification/inbox/{uuid.uuid4()}/read", headers=me).status_code == 404
    assert client.post("/api/notification/inbox/read-all", headers=me).json() == {"marked": 2}
    assert client.get("/api/notification/inbox/unread-count", headers=me).json() == {"unread": 0}
    assert client.get("/api/notification/inbox/unread-count",
                      headers=auth("fire", "staff", subject="someone-else")).json() == {"unread": 1}


def test_inbox_input_is_strict(client: TestClient, session: Session, auth: Auth) -> None:
    me = auth("fire", "head", subject=ME)
    for params in ({"page": "0"}, {"page_size": "101"}, {"unread": "maybe"}, {"sort": "x"}):
        answer = client.get("/api/notification/inbox", params=params, headers=me)
        assert answer.status_code == 422, params
        assert answer.headers["content-type"] == "application/problem+json"
    assert client.post("/api/notification/inbox/not-a-uuid/read", headers=me).status_code == 422
    assert client.get("/api/notification/inbox").status_code == 401


def seed_log(session: Session) -> dict[str, str]:
    wang = Recipient(key="account:fire-head", name="王科长", phone="13800000001")
    enqueue(session, message=message(1), recipient=wang, channel="sms", now=NOW)
    enqueue(session, message=message(2, area=OTHER_COMMUNITY), recipient=wang, channel="sms", now=NOW)
    enqueue(session, message=message(3), recipient=Recipient(key="person:李四:", name="李四"), channel="sms",
            now=NOW + timedelta(hours=1))
    rows = session.exec(select(Notification)).all()
    failed = next(row for row in rows if row.subject.startswith("hazard:h1"))
    failed.status, failed.last_error = "failed", "gave up"
    session.add(failed)
    session.flush()
    return {row.subject.split("@")[0]: row.id for row in rows}


def test_the_delivery_log_is_for_admins_the_civil_affairs_head_and_the_task_force_leader(
        client: TestClient, session: Session, auth: Auth) -> None:
    seed_log(session)
    for role, position in (("admin", "staff"), ("civil_affairs", "head"), ("task_force", "leader")):
        answer = client.get("/api/notification/deliveries", headers=auth(role, position))
        assert answer.status_code == 200 and answer.json()["total"] == 3, (role, position)
    for role, position in (("civil_affairs", "staff"), ("task_force", "member"), ("fire", "head"),
                           ("city_platform", "client")):
        assert client.get("/api/notification/deliveries", headers=auth(role, position)).status_code == 403


def test_the_delivery_log_filters_and_keeps_to_the_callers_area(client: TestClient, session: Session,
                                                                auth: Auth) -> None:
    ids = seed_log(session)
    admin = auth("admin", "staff")

    def subjects(**params: str) -> list[str]:
        answer = client.get("/api/notification/deliveries", params=params, headers=admin)
        assert answer.status_code == 200, answer.text
        return sorted(item["subject"].split("@")[0] for item in answer.json()["items"])

    assert subjects(status="failed") == ["hazard:h1"]
    assert subjects(status="undeliverable") == ["hazard:h3"]
    assert subjects(channel="email") == []
    assert subjects(recipient="account:fire-head") == ["hazard:h1", "hazard:h2"]
    assert subjects(rule_key="hazard.deadline") == ["hazard:h1", "hazard:h2", "hazard:h3"]
    assert subjects(**{"from": (NOW + timedelta(minutes=30)).isoformat()}) == ["hazard:h3"]
    assert subjects(**{"to": (NOW + timedelta(minutes=30)).isoformat()}) == ["hazard:h1", "hazard:h2"]
    # A caller whose area is one sub-district sees neither the other community's row nor its detail.
    local = auth("civil_affairs", "head", area=SUBDISTRICT)
    answer = client.get("/api/notification/deliveries", headers=local).json()
    assert sorted(item["id"] for item in answer["items"]) == sorted([ids["hazard:h1"], ids["hazard:h3"]])
    assert client.get(f"/api/notification/deliveries/{ids['hazard:h2']}", headers=local).status_code == 404
    detail = client.get(f"/api/notification/deliveries/{ids['hazard:h3']}", headers=admin).json()
    assert detail["status"] == "undeliverable" and detail["history"][0]["outcome"] == "undeliverable"


def test_delivery_log_input_is_strict(client: TestClient, session: Session, auth: Auth) -> None:
    admin = auth("admin", "staff")
    for params in ({"status": "lost"}, {"channel": "fax"}, {"page_size": "0"}, {"page": "10001"},
                   {"from": "2026-06-01T00:00:00"}, {"from": "2026-06-02T00:00:00Z", "to": "2026-06-01T00:00:00Z"},
                   {"rule_key": "DROP TABLE"}, {"recipient": "x" * 201}, {"stat": "failed"}):
        answer = client.get("/api/notification/deliveries", params=params, headers=admin)
        assert answer.status_code == 422, (params, answer.text)
        assert answer.json()["errors"], params


def test_retry_puts_a_failed_delivery_back_on_the_queue(client: TestClient, session: Session, auth: Auth) -> None:
    ids = seed_log(session)
    admin = auth("admin", "staff", name="系统管理员")
    answer = client.post(f"/api/notification/deliveries/{ids['hazard:h1']}/retry", headers=admin)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["status"] == "pending" and body["history"][-1]["outcome"] == "requeued"
    assert "系统管理员" in body["history"][-1]["detail"]
    # Pending cannot be retried again; an undeliverable row without an address needs its contact fixed first.
    assert client.post(f"/api/notification/deliveries/{ids['hazard:h1']}/retry", headers=admin).status_code == 409
    refused = client.post(f"/api/notification/deliveries/{ids['hazard:h3']}/retry", headers=admin)
    assert refused.status_code == 409 and refused.json()["code"] == "delivery_no_address"
    assert client.post(f"/api/notification/deliveries/{uuid.uuid4()}/retry", headers=admin).status_code == 404
    assert client.post(f"/api/notification/deliveries/{ids['hazard:h1']}/retry",
                       headers=auth("fire", "head")).status_code == 403
