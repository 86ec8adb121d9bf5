"""The campaign domain's events (v1): the whole campaign with its included targets, published in the
transaction of every campaign write and target change, so a consumer's copy is always the latest snapshot."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlmodel import Session

from eldersafe_common.events import EventType, publish
from eldersafe_common.http import request_id_var
from eldersafe_common.sync import stamp_change

from . import repository
from .models import Campaign

PRODUCER = "inspection"


class CampaignPayload(BaseModel):
    campaign_id: str
    name: str
    area_code: str
    departments: list[str]
    survey_start: date
    survey_end: date
    rectification_start: date
    rectification_end: date
    review_start: date
    review_end: date
    targets: list[str]  # ids of the included facilities
    # Days a hazard found in this campaign has to be rectified (the ledger sets each deadline from them).
    # Optional for consumers reading events published before they were added.
    deadline_days_major: int | None = None
    deadline_days_ordinary: int | None = None


CAMPAIGN_CREATED = EventType("campaign.created", 1, CampaignPayload)
CAMPAIGN_UPDATED = EventType("campaign.updated", 1, CampaignPayload)


def _payload(session: Session, campaign: Campaign) -> CampaignPayload:
    targets = repository.included_facility_ids(session, campaign_id=campaign.id)
    return CampaignPayload(
        campaign_id=campaign.id, name=campaign.name, area_code=campaign.area_code,
        departments=list(campaign.departments), survey_start=campaign.survey_start, survey_end=campaign.survey_end,
        rectification_start=campaign.rectification_start, rectification_end=campaign.rectification_end,
        review_start=campaign.review_start, review_end=campaign.review_end, targets=targets,
        deadline_days_major=campaign.deadline_days_major, deadline_days_ordinary=campaign.deadline_days_ordinary)


def campaign_created(session: Session, campaign: Campaign) -> None:
    """Announce a new campaign (with its initial targets) in the caller's transaction."""
    session.flush()
    publish(session, CAMPAIGN_CREATED, subject=f"campaign:{campaign.id}", payload=_payload(session, campaign),
            producer=PRODUCER, request_id=request_id_var.get())


def campaign_updated(session: Session, campaign: Campaign) -> None:
    """Announce the campaign as it now stands (fields or targets changed) in the caller's transaction."""
    stamp_change(session, campaign)  # targets moved its open-API progress even when its row did not change
    publish(session, CAMPAIGN_UPDATED, subject=f"campaign:{campaign.id}", payload=_payload(session, campaign),
            producer=PRODUCER, request_id=request_id_var.get())
