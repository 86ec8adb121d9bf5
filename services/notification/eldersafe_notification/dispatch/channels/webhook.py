"""Webhooks: POST the event as JSON, signed ``sha256=<hex HMAC(secret, "<timestamp>.<body>")>``; the receiver
checks the signature and the timestamp's age, and deduplicates on ``X-ElderSafe-Delivery``."""

from __future__ import annotations

import hashlib
import hmac
import time

import httpx

from ...settings import NotificationSettings
from ...webhooks.urls import url_problem
from .common import Delivery, Outcome, clip


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def send(delivery: Delivery, *, settings: NotificationSettings) -> Outcome:
    """POST the delivery's payload to the subscriber; any 2xx is accepted, redirects are not followed."""
    if delivery.secret is None or delivery.payload is None:
        return Outcome(False, "the subscription was deleted or disabled", permanent=True)
    # Checked again at send time: a host that resolved to a public address at creation may not any more.
    problem = url_problem(delivery.address, allow_private=settings.allows_private_webhooks)
    if problem:
        return Outcome(False, f"webhook URL refused: {problem}")
    body = delivery.payload.encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "ElderSafe-Webhooks/1",
        "X-ElderSafe-Signature": signature(delivery.secret, timestamp, body),
        "X-ElderSafe-Timestamp": timestamp,
        "X-ElderSafe-Delivery": delivery.id,
    }
    try:
        answer = httpx.post(delivery.address, content=body, headers=headers, timeout=settings.webhook_timeout)
    except httpx.TimeoutException:
        return Outcome(False, f"the subscriber did not answer within {settings.webhook_timeout:g} s")
    except httpx.HTTPError as exc:
        return Outcome(False, clip(f"the subscriber is unreachable: {type(exc).__name__}: {exc}"))
    if not answer.is_success:
        return Outcome(False, clip(f"the subscriber answered HTTP {answer.status_code}: {answer.text}"))
    return Outcome(True, f"the subscriber answered HTTP {answer.status_code}")
