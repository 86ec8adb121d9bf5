"""Queries on webhook subscriptions."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from eldersafe_common.events import EventRecord

from .models import WebhookSubscription


def get(session: Session, subscription_id: str, *, for_update: bool = False) -> WebhookSubscription | None:
    return session.get(WebhookSubscription, subscription_id, with_for_update=for_update)


def page(session: Session, *, owner: str | None, offset: int, limit: int) -> tuple[list[WebhookSubscription], int]:
    """Subscriptions (one owner's, or all), oldest first."""
    count = select(func.count()).select_from(WebhookSubscription)
    rows = select(WebhookSubscription)
    if owner is not None:
        count = count.where(col(WebhookSubscription.owner) == owner)
        rows = rows.where(col(WebhookSubscription.owner) == owner)
    total = session.exec(count).one()
    found = session.exec(rows.order_by(col(WebhookSubscription.created_at), col(WebhookSubscription.id))
                         .offset(offset).limit(limit))
    return list(found), total


def active_for(session: Session, event_type: str) -> list[WebhookSubscription]:
    """Active subscriptions that follow ``event_type``. Subscribers are few (city-platform clients), so the
    JSON list is read here rather than indexed."""
    rows = session.exec(select(WebhookSubscription).where(col(WebhookSubscription.active).is_(True))
                        .order_by(col(WebhookSubscription.id)))
    return [row for row in rows if event_type in row.event_types]


def event(session: Session, event_id: int) -> EventRecord | None:
    """One event of the shared log, as a delivery sends it."""
    return session.get(EventRecord, event_id)
