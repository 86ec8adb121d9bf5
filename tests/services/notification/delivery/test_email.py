"""Email through a real SMTP server (aiosmtpd on loopback): recipients, subject, body and Message-ID; a server
that refuses for ten minutes delays the mail, loses none and sends none twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from eldersafe_common.db import transaction
from eldersafe_notification.delivery.enqueue import Message, Recipient, enqueue
from eldersafe_notification.delivery.models import Notification, NotificationAttempt
from eldersafe_notification.dispatch.channels.senders import build_senders
from eldersafe_notification.dispatch.dispatcher import dispatch_once
from eldersafe_notification.settings import NotificationSettings
from tests.support.platform import free_port

from .support import smtp_server

T0 = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)  # 10:00 China time
WANG = Recipient(key="account:fire-head", name="王科长", email="wang@example.cn")


def message(n: int) -> Message:
    return Message(rule_key="hazard.deadline", subject=f"hazard:h{n}@2026-06-04", stage="remind_3d",
                   title=f"整改期限将至（{n}）", body=f"松鹤颐养院：疏散通道堆放杂物 #{n}，整改期限 2026-06-04",
                   link=f"/rectification/hazards/h{n}")


def queue(engine: Engine, count: int, *, recipient: Recipient = WANG) -> list[str]:
    with transaction(engine) as session:
        for n in range(count):
            enqueue(session, message=message(n), recipient=recipient, channel="email", now=T0)
    with transaction(engine, readonly=True) as session:
        return list(session.exec(select(Notification.id).order_by(col(Notification.subject))))


def rows(engine: Engine) -> list[Notification]:
    with transaction(engine, readonly=True) as session:
        return list(session.exec(select(Notification).order_by(col(Notification.subject))))


def test_the_smtp_server_receives_each_email_with_its_recipient_subject_body_and_id(engine: Engine) -> None:
    with smtp_server() as (sink, port):
        senders = build_senders(NotificationSettings(smtp_port=port, smtp_from="区安全专班 <alerts@eldersafe.test>"))
        ids = queue(engine, 2)
        assert dispatch_once(engine, now=T0, senders=senders) == 2
    assert len(sink.received) == 2
    by_id = {item.message["Message-ID"]: item for item in sink.received}
    for n, notification_id in enumerate(ids):
        item = by_id[f"<{notification_id}@eldersafe.test>"]
        assert item.mail_from == "alerts@eldersafe.test"
        assert item.rcpt_tos == ["wang@example.cn"]
        assert item.message["To"] == "王科长 <wang@example.cn>"
        assert item.message["Subject"] == f"整改期限将至（{n}）"
        assert item.message["X-ElderSafe-Delivery"] == notification_id
        content = item.message.get_content()
        assert f"疏散通道堆放杂物 #{n}" in content and f"/rectification/hazards/h{n}" in content
    assert {(row.status, row.attempts, row.sent_at) for row in rows(engine)} == {("sent", 1, T0)}


def test_a_dead_smtp_server_is_a_failed_attempt_with_backoff(engine: Engine) -> None:
    senders = build_senders(NotificationSettings(smtp_port=free_port(), smtp_timeout=2))
    queue(engine, 1)
    assert dispatch_once(engine, now=T0, senders=senders) == 1
    row = rows(engine)[0]
    assert (row.status, row.attempts, row.next_attempt_at) == ("pending", 1, T0 + timedelta(seconds=30))
    assert "ConnectionRefusedError" in (row.last_error or "")
    # Not due yet: nothing is claimed before the backoff runs out.
    assert dispatch_once(engine, now=T0 + timedelta(seconds=29), senders=senders) == 0


def test_a_server_down_for_ten_minutes_delays_every_mail_and_loses_or_repeats_none(engine: Engine) -> None:
    with smtp_server() as (sink, port):
        senders = build_senders(NotificationSettings(smtp_port=port))
        ids = queue(engine, 5)
        sink.down = True
        now = T0
        while now <= T0 + timedelta(minutes=30):
            sink.down = now < T0 + timedelta(minutes=10)
            dispatch_once(engine, now=now, senders=senders)
            now += timedelta(seconds=10)
    assert sorted(sink.message_ids()) == sorted(f"<{i}@eldersafe.invalid>" for i in ids)  # each exactly once
    for row in rows(engine):
        assert row.status == "sent"
        # Tries at 0 s, 30 s, 1.5 min, 3.5 min and 7.5 min failed; the next, 8 min later, went through.
        assert row.sent_at == T0 + timedelta(minutes=15, seconds=30)
        assert row.attempts == 6
    with transaction(engine, readonly=True) as session:
        outcomes = [a.outcome for a in session.exec(select(NotificationAttempt).where(
            NotificationAttempt.notification_id == ids[0]).order_by(col(NotificationAttempt.at)))]
    assert outcomes == ["failed"] * 5 + ["sent"]
