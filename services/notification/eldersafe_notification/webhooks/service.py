"""Webhook subscriptions: admins manage all of them, a city-platform client only its own."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from sqlmodel import Session

from eldersafe_common.auth import Principal, Role
from eldersafe_common.errors import FieldError, Invalid, NotFound

from ..delivery import repository as deliveries
from ..delivery.enqueue import Message, Recipient, enqueue
from ..settings import get_settings
from . import repository
from .delivery import PING
from .models import WebhookSubscription
from .schemas import PingQueued, WebhookCreate, WebhookCreated, WebhookPage, WebhookPublic
from .urls import url_problem

MANAGERS = (Role.admin, Role.city_platform)


def _owner_filter(principal: Principal) -> str | None:
    principal.require(*MANAGERS)
    return principal.subject if principal.role is Role.city_platform else None


def _visible(session: Session, *, principal: Principal, subscription_id: str) -> WebhookSubscription:
    owner = _owner_filter(principal)
    row = repository.get(session, subscription_id)
    if row is None or (owner is not None and row.owner != owner):
        raise NotFound("No such webhook subscription.", code="webhook_not_found")
    return row


def create(session: Session, *, principal: Principal, data: WebhookCreate, now: datetime) -> WebhookCreated:
    """Subscribe a URL to events; the signing secret is returned once."""
    _owner_filter(principal)
    problem = url_problem(data.url, allow_private=get_settings().allows_private_webhooks)
    if problem:
        raise Invalid("The webhook URL is refused.", code="webhook_url_refused",
                      errors=[FieldError(field="body.url", reason=problem)])
    row = WebhookSubscription(id=str(uuid.uuid4()), client_name=data.client_name, owner=principal.subject,
                              url=data.url, secret=secrets.token_urlsafe(32), event_types=list(data.event_types),
                              created_at=now)
    session.add(row)
    session.flush()
    return WebhookCreated.model_validate(row.model_dump())


def list_subscriptions(session: Session, *, principal: Principal, page: int, page_size: int) -> WebhookPage:
    """Subscriptions the caller manages."""
    rows, total = repository.page(session, owner=_owner_filter(principal), offset=(page - 1) * page_size,
                                  limit=page_size)
    return WebhookPage(items=[WebhookPublic.model_validate(row.model_dump()) for row in rows], total=total,
                       page=page, page_size=page_size)


def delete(session: Session, *, principal: Principal, subscription_id: str) -> None:
    """Remove a subscription; what was queued for it fails at its next try instead of being sent."""
    row = _visible(session, principal=principal, subscription_id=subscription_id)
    session.delete(row)
    session.flush()


def ping(session: Session, *, principal: Principal, subscription_id: str, now: datetime) -> PingQueued:
    """Queue a signed test delivery (type webhook.ping) to the subscription's URL."""
    row = _visible(session, principal=principal, subscription_id=subscription_id)
    if not row.active:
        raise Invalid("The subscription is disabled.", code="webhook_disabled",
                      errors=[FieldError(field="path.subscription_id", reason="disabled")])
    subject = f"ping:{uuid.uuid4()}"
    enqueue(session, message=Message(rule_key="webhook", subject=subject, stage=PING, title=PING,
                                     body=f"test delivery to {row.client_name}"),
            recipient=Recipient(key=f"webhook:{row.id}", name=row.client_name, url=row.url), channel="webhook",
            now=now)
    queued = deliveries.with_subject(session, subject)
    return PingQueued(delivery_id=queued.id, status=queued.status)
