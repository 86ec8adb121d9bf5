"""Enqueue records each (rule, subject, stage, recipient, channel) once; no address means undeliverable."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, select

from eldersafe_notification.delivery.enqueue import Message, Recipient, enqueue, enqueue_many
from eldersafe_notification.delivery.models import Notification, NotificationAttempt

NOW = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)
MESSAGE = Message(rule_key="hazard.deadline", subject="hazard:h1@2026-06-04", stage="remind_3d",
                  title="整改期限将至", body="松鹤颐养院：疏散通道堆放杂物，整改期限 2026-06-04", major=True)
WANG = Recipient(key="account:fire-head", name="王科长", phone="13800000001", email="wang@example.cn")


def test_the_same_notification_is_recorded_once(session: Session) -> None:
    assert enqueue(session, message=MESSAGE, recipient=WANG, channel="sms", now=NOW) is True
    assert enqueue(session, message=MESSAGE, recipient=WANG, channel="sms", now=NOW) is False
    assert enqueue(session, message=MESSAGE, recipient=WANG, channel="email", now=NOW) is True
    rows = session.exec(select(Notification).order_by(col(Notification.channel))).all()
    assert [(row.channel, row.address, row.status) for row in rows] == [
        ("email", "wang@example.cn", "pending"), ("sms", "13800000001", "pending")]
    assert rows[0].major and rows[0].next_attempt_at == NOW


def test_no_address_is_recorded_as_undeliverable(session: Session) -> None:
    nobody = Recipient(key="person:李四:", name="李四")
    assert enqueue(session, message=MESSAGE, recipient=nobody, channel="sms", now=NOW) is True
    row = session.exec(select(Notification)).one()
    assert (row.status, row.address) == ("undeliverable", None)
    attempt = session.exec(select(NotificationAttempt)).one()
    assert attempt.notification_id == row.id and attempt.outcome == "undeliverable"
    assert "李四" in (attempt.detail or "")


def test_the_inbox_belongs_to_accounts_only(session: Session) -> None:
    enqueue(session, message=MESSAGE, recipient=WANG, channel="inbox", now=NOW)
    enqueue(session, message=MESSAGE, recipient=Recipient(key="person:李四:139", name="李四", phone="139"),
            channel="inbox", now=NOW)
    statuses = {row.recipient: row.status for row in session.exec(select(Notification))}
    assert statuses == {"account:fire-head": "pending", "person:李四:139": "undeliverable"}


def test_enqueue_many_counts_only_new_rows_and_records_the_undeliverable(session: Session) -> None:
    nobody = Recipient(key="person:李四:", name="李四")
    assert enqueue(session, message=MESSAGE, recipient=WANG, channel="sms", now=NOW) is True
    items = [(MESSAGE, WANG, "sms"), (MESSAGE, WANG, "inbox"), (MESSAGE, nobody, "sms"), (MESSAGE, nobody, "sms")]
    assert enqueue_many(session, items, now=NOW) == 2  # the SMS existed; 李四 twice in one batch is one row
    assert enqueue_many(session, items, now=NOW) == 0
    assert enqueue_many(session, [], now=NOW) == 0
    rows = {(row.recipient, row.channel): row for row in session.exec(select(Notification))}
    assert {key: row.status for key, row in rows.items()} == {
        ("account:fire-head", "sms"): "pending", ("account:fire-head", "inbox"): "pending",
        ("person:李四:", "sms"): "undeliverable"}
    assert rows[("account:fire-head", "inbox")].address == "account:fire-head"
    attempts = session.exec(select(NotificationAttempt)).all()
    assert [(a.notification_id, a.outcome) for a in attempts] == [(rows[("person:李四:", "sms")].id, "undeliverable")]
    assert "李四" in (attempts[0].detail or "")
