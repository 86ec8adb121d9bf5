"""inspection's campaign.created / campaign.updated as it publishes them (full v1 payloads), for consumers."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session

from eldersafe_common.events import EventType, publish
from tests.conftest import DISTRICT


class CampaignPayload(BaseModel):
    campaign_id: str
    name: str = "养老机构安全专项整治"
    area_code: str = DISTRICT
    departments: list[str] = ["fire", "health"]
    survey_start: date
    survey_end: date
    rectification_start: date
    rectification_end: date
    review_start: date
    review_end: date
    targets: list[str] = []
    deadline_days_major: int | None = 7
    deadline_days_ordinary: int | None = 30


CREATED = EventType("campaign.created", 1, CampaignPayload)
UPDATED = EventType("campaign.updated", 1, CampaignPayload)


def phases(start: date) -> dict[str, date]:
    """Survey a week from ``start``, rectification seven weeks, review four."""
    return {"survey_start": start, "survey_end": start + timedelta(days=6),
            "rectification_start": start + timedelta(days=7), "rectification_end": start + timedelta(days=55),
            "review_start": start + timedelta(days=56), "review_end": start + timedelta(days=83)}


def announce(session: Session, campaign_id: str, *, start: date, targets: list[str], updated: bool = False,
             **fields: Any) -> None:
    """Publish the campaign as inspection would: created (or updated), with its phases from ``start``."""
    payload = CampaignPayload(campaign_id=campaign_id, targets=targets, **{**phases(start), **fields})
    publish(session, UPDATED if updated else CREATED, subject=f"campaign:{campaign_id}", payload=payload,
            producer="inspection")
