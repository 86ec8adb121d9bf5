"""``notification.webhooks``: one webhook notification per (event, active subscription that follows it)."""

from __future__ import annotations

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.events import Consumer, ReceivedEvent

from ..delivery.enqueue import Message, Recipient, enqueue
from . import repository
from .models import EVENT_TYPES


def on_event(session: Session, event: ReceivedEvent) -> None:
    """Enqueue the event for each subscriber (the body is read from the event log when it is sent)."""
    area = event.payload.get("area_code")
    message = Message(rule_key="webhook", subject=f"event:{event.id}", stage=event.type, title=event.type,
                      body=f"{event.type} {event.subject}", area_code=area if isinstance(area, str) else None)
    for subscription in repository.active_for(session, event.type):
        # A subscriber hears of what happens after it subscribed, not of a backlog the consumer was behind on.
        if event.occurred_at < subscription.created_at:
            continue
        enqueue(session, message=message, channel="webhook", now=clock.now(),
                recipient=Recipient(key=f"webhook:{subscription.id}", name=subscription.client_name,
                                    url=subscription.url))


def webhook_consumer() -> Consumer:
    return Consumer("notification.webhooks", dict.fromkeys(EVENT_TYPES, on_event))
