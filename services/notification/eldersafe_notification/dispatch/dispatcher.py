"""The dispatcher (a thread of the notification worker): claim due rows, send each outside any transaction,
record the outcome and an attempt.

1. Claim, in one short transaction: due rows (``pending``/``held`` whose time has come, or ``sending`` whose
   claim expired because a worker died mid-send) become ``sending`` with ``claimed_until = now + claim``.
   Non-major SMS inside the quiet hours become ``held`` until the window ends instead.
2. Send, with no transaction open: a slow provider holds no lock.
3. Record, one transaction per row: sent, or back to ``pending`` with backoff (30 s doubling to 30 min), or
   ``failed`` after 24 h of trying or a refusal no retry can fix.

A kill between 2 and 3 leaves the row ``sending``; it is taken again when its claim expires and sent again
with the same notification id (SMTP Message-ID, SMS out-id, X-ElderSafe-Delivery), so the receiving side can
tell it is the same message. That window is the one place a message can arrive twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.db import transaction
from eldersafe_common.faults import crash_point

from ..delivery import repository
from ..delivery.models import Notification, NotificationAttempt
from ..deps import get_engine
from ..settings import get_settings
from ..webhooks import delivery as webhook_delivery
from .channels.common import Delivery, Outcome, Sender
from .channels.senders import build_senders
from .quiet import quiet_window

log = logging.getLogger("eldersafe.notification.dispatcher")

BATCH_SIZE = 20
FIRST_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(minutes=30)
GIVE_UP_AFTER = timedelta(hours=24)
INTERVAL = 1.0


def backoff(failures: int) -> timedelta:
    """The wait after the ``failures``-th failure in a row: 30 s, 1 min, 2 min … capped at 30 min."""
    return min(FIRST_BACKOFF * 2 ** min(max(failures - 1, 0), 16), MAX_BACKOFF)


@dataclass(frozen=True)
class Claim:
    delivery: Delivery
    claimed_until: datetime


def _attempt(session: Session, row: Notification, *, now: datetime, outcome: str, detail: str) -> None:
    session.add(NotificationAttempt(notification_id=row.id, at=now, outcome=outcome, detail=detail[:1000]))


def _snapshot(session: Session, row: Notification) -> Delivery:
    secret = payload = None
    if row.channel == "webhook":
        secret, payload = webhook_delivery.parts(session, recipient=row.recipient, subject=row.subject,
                                                 stage=row.stage, notification_id=row.id)
    return Delivery(id=row.id, channel=row.channel, address=row.address or "", recipient=row.recipient,
                    recipient_name=row.recipient_name, title=row.title, body=row.body, link=row.link,
                    secret=secret, payload=payload)


def claim(session: Session, *, now: datetime, limit: int = BATCH_SIZE,
          claim_for: timedelta | None = None) -> list[Claim]:
    """Take up to ``limit`` due rows for this dispatcher (the caller commits); hold quiet-hour SMS."""
    claim_for = claim_for or timedelta(seconds=get_settings().claim_seconds)
    window = quiet_window(session)
    claims = []
    for row in repository.due(session, now=now, limit=limit):
        if row.status == "sending":
            row.attempts += 1
            _attempt(session, row, now=now, outcome="expired",
                     detail="the claim expired before an outcome was recorded (the worker stopped mid-send?); "
                            "sending again under the same id")
        if row.channel == "sms" and not row.major and (until := window.until(now)) is not None:
            if row.status != "held":
                _attempt(session, row, now=now, outcome="held", detail=f"SMS quiet hours: held until {until}")
            row.status, row.next_attempt_at, row.claimed_until = "held", until, None
            session.add(row)
            continue
        row.status, row.claimed_until = "sending", now + claim_for
        session.add(row)
        claims.append(Claim(_snapshot(session, row), row.claimed_until))
    session.flush()
    return claims


def record(session: Session, claim: Claim, outcome: Outcome, *, now: datetime) -> bool:
    """Store the outcome of one send and its attempt (the caller commits); True when it disabled the
    recipient (a webhook subscription at its failure limit)."""
    row = repository.get(session, claim.delivery.id, for_update=True)
    if row is None:
        return False
    ours = row.status == "sending" and row.claimed_until == claim.claimed_until
    if not ours:
        # Our claim expired and another dispatcher took the row: its outcome decides; ours is kept as a trace.
        _attempt(session, row, now=now, outcome="sent" if outcome.ok else "failed",
                 detail=f"(late, after the claim expired) {outcome.detail}")
        session.flush()
        return False
    row.attempts += 1
    row.claimed_until = None
    if outcome.ok:
        row.status, row.sent_at, row.last_error = "sent", now, None
        _attempt(session, row, now=now, outcome="sent", detail=outcome.detail)
    else:
        failures, first = repository.failures_since_requeue(session, row.id)
        failures, first = failures + 1, first or now
        row.last_error = outcome.detail[:1000]
        if outcome.permanent or now - first >= GIVE_UP_AFTER:
            row.status = "failed"
            detail = outcome.detail if outcome.permanent else f"{outcome.detail}; gave up after {now - first}"
        else:
            row.status, row.next_attempt_at = "pending", now + backoff(failures)
            detail = f"{outcome.detail}; next try at {row.next_attempt_at}"
        _attempt(session, row, now=now, outcome="failed", detail=detail)
    session.add(row)
    disabled = row.channel == "webhook" and webhook_delivery.after_attempt(
        session, recipient=row.recipient, ok=outcome.ok, now=now)
    session.flush()
    return disabled


def release(session: Session, claim: Claim) -> None:
    """Give back a claimed row that was not sent (the batch ran out of time), for the next round."""
    row = repository.get(session, claim.delivery.id, for_update=True)
    if row is not None and row.status == "sending" and row.claimed_until == claim.claimed_until:
        row.status, row.claimed_until = "pending", None
        session.add(row)
        session.flush()


def _send(senders: Mapping[str, Sender], delivery: Delivery) -> Outcome:
    sender = senders.get(delivery.channel)
    if sender is None:
        return Outcome(False, f"no sender for channel {delivery.channel}", permanent=True)
    try:
        return sender(delivery)
    except Exception as exc:  # a channel bug must cost one attempt, not the dispatcher
        log.exception("sending %s over %s failed", delivery.id, delivery.channel)
        return Outcome(False, f"{type(exc).__name__}: {exc}"[:300])


def dispatch_once(engine: Engine, *, now: datetime, senders: Mapping[str, Sender], limit: int = BATCH_SIZE,
                  claim_for: timedelta | None = None) -> int:
    """One round: claim, send, record. Returns how many rows it claimed."""
    claim_for = claim_for or timedelta(seconds=get_settings().claim_seconds)
    with transaction(engine) as session:
        claims = claim(session, now=now, limit=limit, claim_for=claim_for)
    crash_point("notification.dispatcher:after_claim")
    started = time.monotonic()
    disabled: set[str] = set()
    for index, item in enumerate(claims):
        if time.monotonic() - started > claim_for.total_seconds() / 2:
            # Slow answers ate half the claim: give the rest back rather than risk another replica taking
            # them while we still send.
            for rest in claims[index:]:
                with transaction(engine) as session:
                    release(session, rest)
            break
        if item.delivery.recipient in disabled:
            # Disabled earlier in this batch: its snapshot still carries the secret, but it must not be sent.
            outcome = Outcome(False, "the subscription was disabled", permanent=True)
        else:
            outcome = _send(senders, item.delivery)
        crash_point("notification.dispatcher:after_send")
        with transaction(engine) as session:
            if record(session, item, outcome, now=now):
                disabled.add(item.delivery.recipient)
    return len(claims)


def dispatch_loop(stop: threading.Event, *, interval: float = INTERVAL) -> None:
    """Dispatch every ``interval`` seconds (at once again while batches come back full) until ``stop``."""
    senders = build_senders(get_settings())
    engine = get_engine()
    while not stop.is_set():
        try:
            while dispatch_once(engine, now=clock.now(), senders=senders) == BATCH_SIZE and not stop.is_set():
                pass
        except Exception:
            log.exception("dispatch round failed")
        stop.wait(interval)


def start_dispatcher(stop: threading.Event) -> None:
    """Start the dispatcher thread of the notification worker; it ends when ``stop`` is set."""
    threading.Thread(target=dispatch_loop, args=(stop,), name="dispatcher", daemon=True).start()
