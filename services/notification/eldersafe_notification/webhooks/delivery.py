"""What the dispatcher needs from webhooks: the signed document of one delivery, and the failure count that
disables a subscription after repeated failure (with a notice to the admins)."""

from __future__ import annotations

import json
from datetime import datetime

from sqlmodel import Session

from ..contacts import repository as contacts
from ..delivery.enqueue import Message, Recipient, enqueue
from ..settings import get_settings
from . import repository

PING = "webhook.ping"


def subscription_id(recipient: str) -> str | None:
    kind, _, ident = recipient.partition(":")
    return ident if kind == "webhook" and ident else None


def document(*, notification_id: str, subject: str, stage: str, session: Session) -> dict[str, object] | None:
    """The JSON a subscriber receives: the event as the shared log holds it (payload untruncated)."""
    kind, _, ident = subject.partition(":")
    if stage == PING:
        return {"delivery_id": notification_id, "type": PING, "data": {}}
    if kind != "event" or not ident.isdigit():
        return None
    event = repository.event(session, int(ident))
    if event is None:
        return None
    return {"delivery_id": notification_id, "event_id": event.id, "type": event.type, "version": event.version,
            "subject": event.subject, "occurred_at": event.occurred_at.isoformat(), "data": event.payload}


def parts(session: Session, *, recipient: str, subject: str, stage: str,
          notification_id: str) -> tuple[str | None, str | None]:
    """(secret, JSON body) for one delivery; (None, None) when the subscription is gone or disabled."""
    ident = subscription_id(recipient)
    subscription = repository.get(session, ident) if ident else None
    if subscription is None or not subscription.active:
        return None, None
    body = document(notification_id=notification_id, subject=subject, stage=stage, session=session)
    if body is None:
        return None, None
    return subscription.secret, json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def admin_recipients(session: Session) -> list[Recipient]:
    """Who hears that a subscription was disabled: every enabled admin account known to contacts/, plus any
    account in NOTIFICATION_ADMIN_SUBJECTS (for admins whose account events have not arrived yet)."""
    names = {row.account_id: row.name for row in contacts.admins(session)}
    for subject in get_settings().admin_subjects:
        names.setdefault(subject, "")
    return [Recipient(key=f"account:{subject}", name=name or None) for subject, name in names.items()]


def after_attempt(session: Session, *, recipient: str, ok: bool, now: datetime) -> bool:
    """Count consecutive failures; at the limit disable the subscription and tell every admin (inbox).
    True when this attempt disabled it."""
    ident = subscription_id(recipient)
    subscription = repository.get(session, ident, for_update=True) if ident else None
    if subscription is None:
        return False
    disabled = False
    if ok:
        subscription.consecutive_failures = 0
    else:
        subscription.consecutive_failures += 1
        if subscription.active and subscription.consecutive_failures >= get_settings().webhook_disable_after:
            subscription.active, subscription.disabled_at, disabled = False, now, True
            notice = Message(
                rule_key="webhook", subject=f"webhook_subscription:{subscription.id}@{now:%Y%m%dT%H%M%S}",
                stage="disabled", title=f"Webhook 已停用：{subscription.client_name}",
                body=(f"订阅 {subscription.client_name}（{subscription.url}）连续 "
                      f"{subscription.consecutive_failures} 次投递失败，已停用。请核实接收地址后重新创建订阅。"),
                link="/notification/deliveries?channel=webhook",
            )
            for admin in admin_recipients(session):
                enqueue(session, message=notice, recipient=admin, channel="inbox", now=now)
    session.add(subscription)
    session.flush()
    return disabled
