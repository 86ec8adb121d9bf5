"""Webhooks end to end inside the service: the consumer queues one delivery per (event, subscription), the
receiver checks the HMAC over "<timestamp>.<body>", and ten failures in a row disable the subscription with an
inbox notice to every admin."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import BaseModel
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from eldersafe_common import clock
from eldersafe_common.db import transaction
from eldersafe_common.events import EventConsumption, EventRecord, EventType, publish
from eldersafe_notification.contacts.models import NotificationContact
from eldersafe_notification.delivery.enqueue import Message, Recipient, enqueue
from eldersafe_notification.delivery.models import Notification
from eldersafe_notification.dispatch.channels.senders import build_senders
from eldersafe_notification.dispatch.dispatcher import dispatch_once
from eldersafe_notification.settings import NotificationSettings
from eldersafe_notification.webhooks.consumer import webhook_consumer
from eldersafe_notification.webhooks.models import WebhookSubscription
from tests.services.notification.delivery.support import HttpRequest, http_server


class StatusChanged(BaseModel):
    facility_id: str
    area_code: str
    from_status: str
    to_status: str


STATUS_CHANGED = EventType("facility.status_changed", 1, StatusChanged)
REGISTERED = EventType("facility.registered", 1, StatusChanged)  # not a webhook event


@pytest.fixture
def events(engine: Engine) -> Iterator[list[int]]:
    """Ids of events a test commits; removed afterwards with their consumption rows."""
    ids: list[int] = []
    yield ids
    with transaction(engine) as session:
        session.execute(delete(EventConsumption).where(col(EventConsumption.event_id).in_(ids)))
        session.execute(delete(EventRecord).where(col(EventRecord.id).in_(ids)))


def subscribe(engine: Engine, url: str, event_types: list[str], *, created_at: datetime) -> WebhookSubscription:
    row = WebhookSubscription(id=str(uuid.uuid4()), client_name="市城运平台", owner="city-platform-1", url=url,
                              secret=f"secret-{uuid.uuid4()}", event_types=event_types, created_at=created_at)
    with transaction(engine) as session:
        session.add(row)
    return row


def verified(request: HttpRequest, secret: str) -> bool:
    """What a subscriber does: recompute the HMAC over "<timestamp>.<body>" and compare in constant time."""
    timestamp = request.headers["x-eldersafe-timestamp"]
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + request.body, hashlib.sha256).hexdigest()
    return (hmac.compare_digest(request.headers["x-eldersafe-signature"], f"sha256={expected}")
            and abs(time.time() - int(timestamp)) < 300)


def test_each_event_goes_once_to_each_subscriber_that_follows_it_signed(engine: Engine,
                                                                        events: list[int]) -> None:
    with http_server("/hooks/a") as receiver_a, http_server("/hooks/b") as receiver_b:
        now = clock.now()
        with transaction(engine) as session:
            early = publish(session, STATUS_CHANGED, subject="facility:f0", producer="registry",
                            payload=StatusChanged(facility_id="f0", area_code="999001001001", from_status="operating",
                                                  to_status="suspended"))
        events.append(early.id or 0)
        a = subscribe(engine, receiver_a.url, ["facility.status_changed"], created_at=now + timedelta(seconds=1))
        b = subscribe(engine, receiver_b.url, ["hazard.overdue"], created_at=now + timedelta(seconds=1))
        time.sleep(1.1)
        with transaction(engine) as session:
            for event_type in (STATUS_CHANGED, REGISTERED):
                record = publish(session, event_type, subject="facility:f1", producer="registry",
                                 payload=StatusChanged(facility_id="f1", area_code="999001001001",
                                                       from_status="operating", to_status="suspended"))
                events.append(record.id or 0)
        consumer = webhook_consumer()
        with transaction(engine) as session:
            consumer.drain(session)
        with transaction(engine) as session:
            consumer.drain(session)  # a replay finds nothing new
        dispatch_once(engine, now=clock.now(), senders=build_senders(NotificationSettings()))
    assert receiver_b.requests == []
    [request] = receiver_a.requests  # the event before the subscription existed is not sent
    assert verified(request, a.secret) and not verified(request, b.secret)
    document = json.loads(request.body)
    assert document["type"] == "facility.status_changed" and document["event_id"] == events[1]
    assert document["data"]["to_status"] == "suspended" and document["subject"] == "facility:f1"
    with transaction(engine, readonly=True) as session:
        row = session.exec(select(Notification)).one()
    assert request.headers["x-eldersafe-delivery"] == row.id == document["delivery_id"]
    assert (row.rule_key, row.subject, row.stage, row.channel, row.status, row.area_code) == (
        "webhook", f"event:{events[1]}", "facility.status_changed", "webhook", "sent", "999001001001")


def queue_pings(engine: Engine, subscription: WebhookSubscription, count: int, *, now: datetime) -> None:
    with transaction(engine) as session:
        for _ in range(count):
            enqueue(session, message=Message(rule_key="webhook", subject=f"ping:{uuid.uuid4()}",
                                             stage="webhook.ping", title="webhook.ping", body="test"),
                    recipient=Recipient(key=f"webhook:{subscription.id}", name=subscription.client_name,
                                        url=subscription.url), channel="webhook", now=now)


def subscription(engine: Engine, ident: str) -> WebhookSubscription:
    with transaction(engine, readonly=True) as session:
        row = session.get(WebhookSubscription, ident)
        assert row is not None
        return row


@pytest.fixture
def admin_contacts(engine: Engine) -> Iterator[None]:
    """An enabled and a disabled admin as contacts/ keeps them from the gateway's account events."""
    accounts = {"admin-contact": False, "admin-gone": True}
    with transaction(engine) as session:
        for account_id, disabled in accounts.items():
            session.add(NotificationContact(account_id=account_id, username=account_id, name="管理员",
                                            role="admin", position="staff", area="999001", disabled=disabled,
                                            event_id=0, updated_at=clock.now()))
    yield
    with transaction(engine) as session:
        session.execute(delete(NotificationContact).where(col(NotificationContact.account_id).in_(accounts)))


def test_ten_failures_in_a_row_disable_the_subscription_and_tell_the_admins(
        engine: Engine, configure: Callable[..., None], admin_contacts: None) -> None:
    configure(NOTIFICATION_ADMIN_SUBJECTS='["admin-1", "admin-contact"]')
    now = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
    with http_server() as receiver:
        receiver.answer = lambda request: (500, b"down", 0.0)
        hook = subscribe(engine, receiver.url, ["hazard.overdue"], created_at=now)
        senders = build_senders(NotificationSettings())
        queue_pings(engine, hook, 9, now=now)
        dispatch_once(engine, now=now, senders=senders)
        assert subscription(engine, hook.id).consecutive_failures == 9
        # One success resets the count.
        receiver.answer = lambda request: (204, b"", 0.0)
        queue_pings(engine, hook, 1, now=now + timedelta(seconds=1))
        dispatch_once(engine, now=now + timedelta(seconds=1), senders=senders)
        assert subscription(engine, hook.id).consecutive_failures == 0
        receiver.answer = lambda request: (500, b"down", 0.0)
        queue_pings(engine, hook, 12, now=now + timedelta(seconds=2))
        dispatch_once(engine, now=now + timedelta(seconds=2), senders=senders)
        sent_to_receiver = len(receiver.requests)
    disabled = subscription(engine, hook.id)
    assert (disabled.active, disabled.disabled_at) == (False, now + timedelta(seconds=2))
    assert sent_to_receiver == 9 + 1 + 10  # after the tenth failure nothing more is sent
    with transaction(engine, readonly=True) as session:
        notices = session.exec(select(Notification).where(col(Notification.channel) == "inbox")).all()
        late = session.exec(select(Notification).where(col(Notification.channel) == "webhook",
                                                       col(Notification.status) == "failed")).all()
    assert sorted(n.recipient for n in notices) == ["account:admin-1", "account:admin-contact"]
    assert "市城运平台" in notices[0].title and "10" in notices[0].body
    assert len(late) == 2 and all("disabled" in (n.last_error or "") for n in late)
