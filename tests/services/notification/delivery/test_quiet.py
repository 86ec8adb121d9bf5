"""Quiet hours come from the admin's settings (PUT /settings) once changed there, else from the environment;
the dispatcher holds SMS by whichever is in force."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from eldersafe_common.db import transaction
from eldersafe_notification.delivery.enqueue import Message, Recipient, enqueue
from eldersafe_notification.dispatch.channels.senders import build_senders
from eldersafe_notification.dispatch.dispatcher import dispatch_once
from eldersafe_notification.dispatch.quiet import quiet_window
from eldersafe_notification.main import app
from eldersafe_notification.rules.models import NotificationSettingsRow
from eldersafe_notification.settings import NotificationSettings

from .support import http_server

LUNCH = datetime(2026, 6, 1, 4, 30, tzinfo=UTC)  # 12:30 China time
AFTER_LUNCH = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)  # 14:00 China time
NIGHT = datetime(2026, 6, 1, 15, 0, tzinfo=UTC)  # 23:00 China time: inside the environment's 22:00–07:00
WANG = Recipient(key="account:fire-head", name="王科长", phone="13800000001")


def sms(n: int) -> Message:
    return Message(rule_key="hazard.deadline", subject=f"hazard:q{n}@2026-06-04", stage="due_day",
                   title="整改今日到期", body=f"隐患 {n} 今日到期")


@pytest.fixture
def settings_row(engine: Engine) -> Iterator[None]:
    """The settings row as the migration seeds it, restored afterwards (the API commits for real)."""

    def reset() -> None:
        with transaction(engine) as session:
            row = session.get(NotificationSettingsRow, 1)
            assert row is not None
            row.quiet_start, row.quiet_end, row.digest_time, row.updated_by = "22:00", "07:00", "08:00", None
            session.add(row)

    reset()
    yield
    reset()


def test_the_environment_decides_until_an_admin_changes_the_settings(
        engine: Engine, configure: Callable[..., None], settings_row: None) -> None:
    configure(NOTIFICATION_QUIET_START="21:30", NOTIFICATION_QUIET_END="06:30")
    with transaction(engine, readonly=True) as session:
        window = quiet_window(session)
    assert (window.start, window.end) == (time(21, 30), time(6, 30))


def test_quiet_hours_set_by_an_admin_hold_sms_in_the_dispatcher(
        engine: Engine, configure: Callable[..., None], settings_row: None,
        auth: Callable[..., dict[str, str]]) -> None:
    configure(NOTIFICATION_QUIET_START="22:00", NOTIFICATION_QUIET_END="07:00")
    with TestClient(app) as client:
        answer = client.put("/api/notification/settings", headers=auth("admin"),
                            json={"quiet_start": "12:00", "quiet_end": "14:00", "digest_time": "08:00"})
    assert answer.status_code == 200, answer.text
    with transaction(engine, readonly=True) as session:
        window = quiet_window(session)
    assert (window.start, window.end) == (time(12, 0), time(14, 0))
    with http_server() as gateway:
        senders = build_senders(NotificationSettings(sms_provider="http", sms_http_url=gateway.url,
                                                     sms_http_secret="s"))  # type: ignore[arg-type]
        with transaction(engine) as session:
            enqueue(session, message=sms(1), recipient=WANG, channel="sms", now=LUNCH)
            enqueue(session, message=sms(2), recipient=WANG, channel="sms", now=NIGHT)
        dispatch_once(engine, now=LUNCH, senders=senders)
        assert gateway.requests == []  # held: inside the admin's 12:00–14:00
        dispatch_once(engine, now=AFTER_LUNCH, senders=senders)
        assert len(gateway.requests) == 1
        dispatch_once(engine, now=NIGHT, senders=senders)  # the environment's 22:00 no longer applies
        assert len(gateway.requests) == 2
