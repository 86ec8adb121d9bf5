"""Consumer ``rectification.campaigns``: inspection's campaign snapshots, kept whole."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from eldersafe_common.events import Consumer, ReceivedEvent

from . import service


class CampaignSnapshot(BaseModel):
    """The fields of inspection's ``campaign.created`` / ``campaign.updated`` v1 that rectification keeps."""

    model_config = ConfigDict(extra="ignore")

    campaign_id: str
    name: str
    area_code: str
    departments: list[str] = []
    survey_start: date
    survey_end: date
    rectification_start: date
    rectification_end: date
    review_start: date
    review_end: date
    targets: list[str] = []
    deadline_days_major: int | None = None
    deadline_days_ordinary: int | None = None


def on_campaign(session: Session, event: ReceivedEvent) -> None:
    """Keep the campaign as it now stands (a snapshot is the whole truth)."""
    data = event.parse(CampaignSnapshot)
    service.apply_snapshot(session, event_id=event.id, values=data.model_dump())


def campaigns_consumer() -> Consumer:
    return Consumer("rectification.campaigns", {"campaign.created": on_campaign, "campaign.updated": on_campaign})
