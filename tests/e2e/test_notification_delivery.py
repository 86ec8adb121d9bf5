"""Across processes: the notification worker is killed (SIGKILL) in the middle of a batch of 50 emails to a
local SMTP server (aiosmtpd) and restarted; every message is delivered, and the receiving side proves it.

What the system guarantees, measured here: every notification is recorded sent exactly once and reaches the
server; a kill between "SMTP accepted" and "outcome recorded" makes the restarted worker send that one message
again (its claim expired, the outcome was never stored), under the same Message-ID, so the receiver can tell
it is the same message and drop it. Distinct Message-IDs are always exactly the 50 sent; the total counts the
copies that window produced (at most one per kill, since the dispatcher sends one message at a time).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Iterator
from email import message_from_bytes
from email.message import Message as EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.engine import Engine
from sqlmodel import col, func, select

from eldersafe_common import clock
from eldersafe_common.db import make_engine, transaction
from eldersafe_common.faults import CRASH_AT
from eldersafe_notification.delivery.enqueue import Message, Recipient, enqueue
from eldersafe_notification.delivery.models import Notification, NotificationAttempt
from tests.support.platform import Platform, free_port
from tests.support.survey import bearer

pytestmark = pytest.mark.e2e
WORKER = "notification_worker"
COUNT = 50


class SlowSink:
    """An SMTP server that takes 40 ms to accept each message, so a kill lands inside the batch."""

    def __init__(self) -> None:
        self.received: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(message_from_bytes(envelope.original_content or envelope.content,
                                                policy=default_policy))
        await asyncio.sleep(0.04)
        return "250 OK"

    def ids(self) -> list[str]:
        return [str(message["Message-ID"]) for message in self.received]


@pytest.fixture
def smtp() -> Iterator[tuple[SlowSink, int]]:
    sink, port = SlowSink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    yield sink, port
    controller.stop()


@pytest.fixture
def database(platform: Platform) -> Iterator[Engine]:
    engine = make_engine(platform.env["ELDERSAFE_DATABASE_URL"], schema="notification")
    yield engine
    engine.dispose()


def wait_for(predicate: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def restart_worker(platform: Platform, env: dict[str, str]) -> None:
    """(Re)start the notification worker with ``env`` added for this start only."""
    if WORKER in platform.processes:
        platform.stop(WORKER)
    platform.env.update(env)
    try:
        platform.start(WORKER)
    finally:
        for key in env:
            platform.env.pop(key, None)


def queue_batch(engine: Engine, tag: str) -> set[str]:
    """Fifty emails as a rule would enqueue them (the worker is stopped, so they wait as one backlog)."""
    with transaction(engine) as session:
        for n in range(COUNT):
            enqueue(session, message=Message(
                rule_key="hazard.deadline", subject=f"hazard:{tag}-{n}@2026-06-04", stage="due_day",
                title=f"整改今日到期 {n}", body=f"演练隐患 {n} 今日到期", area_code="999001001001"),
                recipient=Recipient(key="person:值班员:duty@example.cn", name="值班员", email="duty@example.cn"),
                channel="email", now=clock.now())
        ids = session.exec(select(Notification.id).where(col(Notification.subject).startswith(f"hazard:{tag}-")))
        return {f"<{i}@eldersafe.invalid>" for i in ids}


def sent(engine: Engine, tag: str) -> int:
    with transaction(engine, readonly=True) as session:
        return int(session.exec(select(func.count()).select_from(Notification).where(
            col(Notification.subject).startswith(f"hazard:{tag}-"), col(Notification.status) == "sent")).one())


def expired_attempts(engine: Engine, tag: str) -> int:
    with transaction(engine, readonly=True) as session:
        return int(session.exec(select(func.count()).select_from(NotificationAttempt).join(
            Notification, col(Notification.id) == col(NotificationAttempt.notification_id)).where(
            col(Notification.subject).startswith(f"hazard:{tag}-"),
            col(NotificationAttempt.outcome) == "expired")).one())


@pytest.mark.parametrize("kill", ["sigkill_mid_batch", "after_smtp_accepted"])
def test_a_killed_worker_delivers_every_email_and_the_receiver_sees_each_message_id_once(
        platform: Platform, smtp: tuple[SlowSink, int], database: Engine, tmp_path: Path, kill: str) -> None:
    sink, port = smtp
    tag = f"e2e-{kill}-{uuid.uuid4().hex[:8]}"
    env = {"NOTIFICATION_SMTP_PORT": str(port), "NOTIFICATION_CLAIM_SECONDS": "5"}
    platform.stop(WORKER)
    try:
        expected = queue_batch(database, tag)
        marker = tmp_path / "crashed"
        if kill == "after_smtp_accepted":
            # The exact window: SMTP said 250, the outcome is not stored yet.
            restart_worker(platform, {**env, CRASH_AT: f"notification.dispatcher:after_send@{marker}"})
            assert platform.processes[WORKER].wait(timeout=60) == -9, platform.log(WORKER)[-2000:]
            platform.processes.pop(WORKER)
            assert marker.exists() and len(sink.received) == 1
        else:
            restart_worker(platform, env)
            wait_for(lambda: len(sink.received) >= 10)
            platform.kill(WORKER)
        at_kill = len(sink.received)
        assert 0 < at_kill < COUNT
        restart_worker(platform, env)
        wait_for(lambda: sent(database, tag) == COUNT)
        time.sleep(1.5)  # more rounds of the dispatcher: a stray resend would show by now
    finally:
        restart_worker(platform, {})

    ids = sink.ids()
    assert set(ids) == expected  # every message arrived, and nothing else
    duplicates = len(ids) - len(set(ids))
    if kill == "after_smtp_accepted":
        # Killed after the server accepted message 1: it is sent again, under the same Message-ID.
        assert duplicates == 1 and ids.count(ids[0]) == 2
        assert expired_attempts(database, tag) >= 1
    else:
        # A kill at an arbitrary moment can hit that window at most once (one message is in flight at a time).
        assert duplicates <= 1
    print(f"{kill}: {at_kill} received before the kill; {len(ids)} received in all, {len(set(ids))} distinct "
          f"Message-IDs, {duplicates} repeated")

    admin = platform.login("admin")
    log = httpx.get(f"{platform.base_url}/api/notification/deliveries",
                    params={"recipient": "person:值班员:duty@example.cn", "status": "sent", "page_size": 1},
                    headers=bearer(admin))
    assert log.status_code == 200, log.text
    assert log.json()["total"] >= COUNT
