"""The dispatcher with a controlled clock: quiet hours hold and release SMS (major ones pass), an expired claim
is sent again under the same id, 24 h of failures give up, and two dispatchers racing send each message once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from eldersafe_common.db import transaction
from eldersafe_notification.delivery.enqueue import Message, Recipient, enqueue
from eldersafe_notification.delivery.models import Notification, NotificationAttempt
from eldersafe_notification.dispatch.channels.common import Delivery, Outcome
from eldersafe_notification.dispatch.channels.senders import build_senders
from eldersafe_notification.dispatch.dispatcher import backoff, claim, dispatch_once, record
from eldersafe_notification.dispatch.quiet import QuietWindow
from eldersafe_notification.settings import NotificationSettings
from tests.support.platform import free_port

from .support import http_server, smtp_server

NIGHT = datetime(2026, 6, 1, 15, 0, tzinfo=UTC)  # 23:00 China time
MORNING = datetime(2026, 6, 1, 23, 0, tzinfo=UTC)  # 07:00 China time the next day
WANG = Recipient(key="account:fire-head", name="王科长", phone="13800000001", email="wang@example.cn")


def message(n: int, *, major: bool = False) -> Message:
    return Message(rule_key="hazard.deadline", subject=f"hazard:h{n}@2026-06-04", stage="due_day",
                   title="整改今日到期", body=f"隐患 {n} 今日到期", major=major)


def attempts(engine: Engine, notification_id: str) -> list[NotificationAttempt]:
    with transaction(engine, readonly=True) as session:
        return list(session.exec(select(NotificationAttempt).where(
            col(NotificationAttempt.notification_id) == notification_id).order_by(col(NotificationAttempt.id))))


def notifications(engine: Engine) -> dict[str, Notification]:
    with transaction(engine, readonly=True) as session:
        return {row.subject: row for row in session.exec(select(Notification))}


def test_the_quiet_window_wraps_midnight_and_ends_at_its_end() -> None:
    window = QuietWindow(start=datetime(2026, 1, 1, 22).time(), end=datetime(2026, 1, 1, 7).time())
    assert window.until(NIGHT) == MORNING
    assert window.until(datetime(2026, 6, 1, 20, 30, tzinfo=UTC)) == MORNING  # 04:30 China time
    assert window.until(MORNING) is None and window.until(MORNING - timedelta(seconds=1)) == MORNING
    assert window.until(datetime(2026, 6, 1, 13, 59, tzinfo=UTC)) is None  # 21:59 China time
    assert QuietWindow(start=window.end, end=window.end).until(NIGHT) is None
    lunch = QuietWindow(start=datetime(2026, 1, 1, 12).time(), end=datetime(2026, 1, 1, 14).time())
    assert lunch.until(datetime(2026, 6, 1, 5, 0, tzinfo=UTC)) == datetime(2026, 6, 1, 6, 0, tzinfo=UTC)


def test_backoff_doubles_from_30_seconds_to_30_minutes() -> None:
    assert [backoff(n).total_seconds() for n in range(1, 9)] == [30, 60, 120, 240, 480, 960, 1800, 1800]
    assert backoff(500) == timedelta(minutes=30)


def test_quiet_hours_hold_sms_until_morning_and_let_major_ones_and_other_channels_through(
        engine: Engine, configure: Callable[..., None]) -> None:
    configure(NOTIFICATION_QUIET_START="22:00", NOTIFICATION_QUIET_END="07:00")
    with http_server() as gateway:
        senders = build_senders(NotificationSettings(sms_provider="http", sms_http_url=gateway.url,
                                                     sms_http_secret="s"))  # type: ignore[arg-type]
        with transaction(engine) as session:
            enqueue(session, message=message(1), recipient=WANG, channel="sms", now=NIGHT)
            enqueue(session, message=message(2, major=True), recipient=WANG, channel="sms", now=NIGHT)
            enqueue(session, message=message(3), recipient=WANG, channel="inbox", now=NIGHT)
        dispatch_once(engine, now=NIGHT, senders=senders)
        rows = notifications(engine)
        held = rows["hazard:h1@2026-06-04"]
        assert (held.status, held.next_attempt_at, held.attempts) == ("held", MORNING, 0)
        assert rows["hazard:h2@2026-06-04"].status == "sent"
        assert rows["hazard:h3@2026-06-04"].status == "sent"
        assert len(gateway.requests) == 1
        dispatch_once(engine, now=MORNING - timedelta(minutes=1), senders=senders)
        assert notifications(engine)["hazard:h1@2026-06-04"].status == "held"
        dispatch_once(engine, now=MORNING, senders=senders)
        released = notifications(engine)["hazard:h1@2026-06-04"]
        assert (released.status, released.sent_at) == ("sent", MORNING)
        assert len(gateway.requests) == 2
    assert [(a.outcome, a.at) for a in attempts(engine, held.id)] == [("held", NIGHT), ("sent", MORNING)]


def test_a_claim_left_by_a_killed_worker_is_sent_again_under_the_same_id_after_it_expires(engine: Engine) -> None:
    with smtp_server() as (sink, port):
        senders = build_senders(NotificationSettings(smtp_port=port))
        t0 = MORNING
        with transaction(engine) as session:
            enqueue(session, message=message(1), recipient=WANG, channel="email", now=t0)
        with transaction(engine) as session:
            [taken] = claim(session, now=t0, claim_for=timedelta(seconds=60))
        # The worker "sent" it and died before recording: the row stays claimed.
        assert senders["email"](taken.delivery).ok
        assert dispatch_once(engine, now=t0 + timedelta(seconds=59), senders=senders) == 0
        assert dispatch_once(engine, now=t0 + timedelta(seconds=60), senders=senders) == 1
        # The late outcome of the first send changes nothing: the second claim owns the row now.
        with transaction(engine) as session:
            record(session, taken, Outcome(True, "accepted"), now=t0 + timedelta(seconds=61))
    assert sink.message_ids() == [f"<{taken.delivery.id}@eldersafe.invalid>"] * 2
    row = notifications(engine)["hazard:h1@2026-06-04"]
    assert (row.status, row.attempts, row.sent_at) == ("sent", 2, t0 + timedelta(seconds=60))
    assert [a.outcome for a in attempts(engine, row.id)] == ["expired", "sent", "sent"]
    assert "late" in (attempts(engine, row.id)[-1].detail or "")


def test_failures_for_24_hours_give_up(engine: Engine) -> None:
    senders = build_senders(NotificationSettings(smtp_port=free_port(), smtp_timeout=1))
    t0 = MORNING
    with transaction(engine) as session:
        enqueue(session, message=message(1), recipient=WANG, channel="email", now=t0)
    now = t0
    for _ in range(100):
        dispatch_once(engine, now=now, senders=senders)
        row = notifications(engine)["hazard:h1@2026-06-04"]
        if row.status != "pending":
            break
        now = row.next_attempt_at
    assert row.status == "failed"
    assert t0 + timedelta(hours=24) <= now < t0 + timedelta(hours=24, minutes=30)
    assert "gave up" in (attempts(engine, row.id)[-1].detail or "")
    assert row.attempts == len(attempts(engine, row.id))


def test_a_sender_that_raises_costs_one_attempt_not_the_dispatcher(engine: Engine) -> None:
    def broken(delivery: Delivery) -> Outcome:
        raise RuntimeError("channel bug")

    with transaction(engine) as session:
        enqueue(session, message=message(1), recipient=WANG, channel="email", now=MORNING)
    dispatch_once(engine, now=MORNING, senders={"email": broken})
    row = notifications(engine)["hazard:h1@2026-06-04"]
    assert (row.status, row.last_error) == ("pending", "RuntimeError: channel bug")


def test_two_dispatchers_racing_send_each_message_once(engine: Engine) -> None:
    count = 30
    with smtp_server() as (sink, port):
        senders = build_senders(NotificationSettings(smtp_port=port))
        with transaction(engine) as session:
            for n in range(count):
                enqueue(session, message=message(n), recipient=WANG, channel="email", now=MORNING)
        start = threading.Barrier(2)
        failures: list[BaseException] = []

        def dispatcher() -> None:
            try:
                start.wait()
                while dispatch_once(engine, now=MORNING, senders=senders, limit=3):
                    pass
            except BaseException as exc:  # reported below
                failures.append(exc)

        threads = [threading.Thread(target=dispatcher) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert failures == []
    assert len(sink.received) == count and len(set(sink.message_ids())) == count
    assert {row.status for row in notifications(engine).values()} == {"sent"}
    assert all(row.attempts == 1 for row in notifications(engine).values())
