"""The scenario's own platform: real processes on a fresh database (a SQLite file, or a database created for the
run on the PostgreSQL server ``ELDERSAFE_TEST_SCENARIO_DATABASE_URL`` names), its own business clock file, a local
SMTP server (aiosmtpd) for the notification worker's email, and SMS written to the worker's log."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from threading import Lock
from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy.engine import make_url

from eldersafe_common import clock
from tests.support.platform import Platform, free_port, running_platform

DATABASE_ENV = "ELDERSAFE_TEST_SCENARIO_DATABASE_URL"
MORNING = time(9, 0)  # each simulated day starts at 09:00 China time (after the digest, outside SMS quiet hours)


class MailSink:
    """A real SMTP server on 127.0.0.1 that keeps every message it accepts."""

    def __init__(self) -> None:
        self._lock = Lock()
        self._messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content or envelope.content, policy=default_policy)
        with self._lock:
            self._messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return list(self._messages)

    def with_message_id(self, message_id: str) -> list[EmailMessage]:
        return [message for message in self.messages() if str(message["Message-ID"]) == message_id]


class ScenarioClock:
    """The platform's business clock, kept in the scenario's own clock file and moved to a China morning."""

    def __init__(self, path: Path, day0: date) -> None:
        self.path, self.day0 = path, day0
        self.current: int | None = None

    def at(self, number: int) -> datetime:
        return datetime.combine(self.day0 + timedelta(days=number), MORNING, tzinfo=clock.CHINA)

    def move_to(self, number: int) -> None:
        """Every process reads the file on its next clock call; workers notice within about a second."""
        assert self.current is None or number > self.current, (self.current, number)
        offset = (self.at(number) - clock.wall_now()).total_seconds()
        clock.write_offset(offset, path=self.path)
        self.current = number

    def now(self) -> datetime:
        """The platform's business time (the test process's own clock is not moved)."""
        return clock.wall_now() + timedelta(seconds=clock.read_file_seconds(self.path))

    def today(self) -> date:
        return clock.china_today(self.now())


@dataclass
class Stack:
    platform: Platform
    mail: MailSink
    clock: ScenarioClock

    @property
    def api(self) -> str:
        return self.platform.base_url

    def sms_lines(self) -> list[str]:
        """What the ``log`` SMS provider wrote: one line per message sent."""
        return [line for line in self.platform.log("notification_worker").splitlines() if " SMS to " in line]


@contextmanager
def scenario_database(workdir: Path) -> Iterator[str]:
    """A SQLite file in ``workdir``, or a fresh database on the PostgreSQL server the environment names (created
    with a random name, dropped afterwards)."""
    server = os.environ.get(DATABASE_ENV)
    if not server:
        yield f"sqlite:///{workdir / 'scenario.db'}"
        return
    import psycopg

    url = make_url(server)
    assert url.get_backend_name() == "postgresql", f"{DATABASE_ENV} must name a PostgreSQL server"
    name = f"eldersafe_scenario_{secrets.token_hex(4)}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def scenario_stack(workdir: Path, *, day0: date) -> Iterator[Stack]:
    """Start the mail sink and the platform (its clock file in ``workdir``, at the real time until moved)."""
    workdir.mkdir(parents=True, exist_ok=True)
    sink, port = MailSink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    clock_file = workdir / "clock.json"
    env = {
        "ELDERSAFE_CLOCK_FILE": str(clock_file),
        # The scenario's clock alone decides its time (not the suite's ELDERSAFE_TEST_CHINA_TIME offset).
        clock.OFFSET_ENV: "",
        "NOTIFICATION_SMTP_HOST": "127.0.0.1",
        "NOTIFICATION_SMTP_PORT": str(port),
        "NOTIFICATION_SMTP_SECURITY": "none",
        "NOTIFICATION_SMS_PROVIDER": "log",
    }
    try:
        with scenario_database(workdir) as url, running_platform(workdir, database_url=url, env=env) as platform:
            yield Stack(platform=platform, mail=sink, clock=ScenarioClock(clock_file, day0))
    finally:
        controller.stop()
