"""Queries on the campaign copy."""

from __future__ import annotations

from sqlmodel import Session, col, select

from eldersafe_common.events import EventRecord

from .models import RectificationCampaign

ANNOUNCING = ("campaign.created", "campaign.updated")


def get(session: Session, campaign_id: str) -> RectificationCampaign | None:
    return session.get(RectificationCampaign, campaign_id)


def save(session: Session, row: RectificationCampaign) -> None:
    session.add(row)
    session.flush()


def announced_before(session: Session, *, campaign_id: str, event_id: int) -> bool:
    """Whether inspection announced the campaign in an event older than ``event_id`` (read from the shared log)."""
    stmt = select(EventRecord.id).where(
        col(EventRecord.subject) == f"campaign:{campaign_id}", col(EventRecord.id) < event_id,
        col(EventRecord.type).in_(ANNOUNCING)).limit(1)
    return session.exec(stmt).first() is not None
