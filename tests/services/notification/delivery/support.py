"""Real servers for delivery tests: an SMTP server (aiosmtpd) and a threaded HTTP server that plays an SMS
provider or a webhook receiver, plus a clean database for tests that commit (the dispatcher commits)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message as EmailMessage
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy import delete
from sqlalchemy.engine import Engine

from eldersafe_common.db import transaction
from eldersafe_notification.delivery.models import Notification, NotificationAttempt
from eldersafe_notification.webhooks.models import WebhookSubscription
from tests.support.platform import free_port


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class SmtpSink:
    """Accepts mail (or refuses it with 451 while ``down``) and keeps every accepted message."""

    received: list[Received] = field(default_factory=list)
    down: bool = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.down:
            return "451 4.3.0 Mail server temporarily unavailable"
        content = envelope.original_content or envelope.content
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                      message_from_bytes(content, policy=default_policy)))
        return "250 OK"

    def message_ids(self) -> list[str]:
        return [str(item.message["Message-ID"]) for item in self.received]


@contextmanager
def smtp_server() -> Iterator[tuple[SmtpSink, int]]:
    sink = SmtpSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


@dataclass
class HttpRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


# (status, body, seconds to wait before answering)
Answer = tuple[int, bytes, float]


@dataclass
class HttpSink:
    requests: list[HttpRequest] = field(default_factory=list)
    answer: Callable[[HttpRequest], Answer] = lambda request: (200, b'{"ok": true}', 0.0)
    url: str = ""


@contextmanager
def http_server(path: str = "/") -> Iterator[HttpSink]:
    sink = HttpSink()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            request = HttpRequest(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            sink.requests.append(request)
            status, answer, delay = sink.answer(request)
            time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            except OSError:
                pass  # the client gave up waiting (the slow-answer tests)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    sink.url = f"http://127.0.0.1:{server.server_address[1]}{path}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        server.shutdown()
        server.server_close()


def wipe(engine: Engine) -> None:
    """Remove every delivery row and subscription (tests that run the dispatcher commit for real)."""
    with transaction(engine) as session:
        for model in (NotificationAttempt, Notification, WebhookSubscription):
            session.execute(delete(model))
