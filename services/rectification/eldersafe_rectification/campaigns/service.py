"""What rectification takes from a campaign: the hazard deadlines, whether it exists and whom it covers."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.errors import FieldError, Invalid

from . import repository
from .models import RectificationCampaign

# Inspection's own defaults for a campaign: used only for a campaign this service has never been told about.
DEFAULT_DAYS = {"major": 7, "ordinary": 30}


class CampaignNotYetKnown(Exception):
    """A hazard names a campaign whose announcement this service has not taken in yet: retry the event later."""


def get(session: Session, campaign_id: str) -> RectificationCampaign | None:
    """The campaign as last announced, or None."""
    return repository.get(session, campaign_id)


def days_of(campaign: RectificationCampaign | None) -> dict[str, int]:
    """The days a major and an ordinary hazard get in the campaign (the defaults where it says nothing)."""
    if campaign is None:
        return dict(DEFAULT_DAYS)
    return {"major": campaign.deadline_days_major or DEFAULT_DAYS["major"],
            "ordinary": campaign.deadline_days_ordinary or DEFAULT_DAYS["ordinary"]}


def deadline_days(session: Session, *, campaign_id: str, severity: str, event_id: int | None = None) -> int:
    """Days allowed for a hazard of ``severity`` found in the campaign: the campaign's own, set on the campaign.

    When the hazard's event is newer than an announcement of its campaign that this service has not applied
    yet (another consumer, behind), the intake waits for it instead of guessing (CampaignNotYetKnown).
    """
    campaign = repository.get(session, campaign_id)
    if campaign is None and event_id is not None and repository.announced_before(
            session, campaign_id=campaign_id, event_id=event_id):
        raise CampaignNotYetKnown(campaign_id)
    days = days_of(campaign)
    return days["major"] if severity == "major" else days["ordinary"]


def is_current(campaign: RectificationCampaign, *, on: date) -> bool:
    """Whether ``on`` lies inside the campaign's phases (survey start to review end)."""
    return campaign.survey_start <= on <= campaign.review_end


def require(session: Session, *, campaign_id: str, field: str) -> RectificationCampaign:
    """The campaign, which must exist (422 ``campaign_not_found`` naming ``field`` otherwise)."""
    campaign = repository.get(session, campaign_id)
    if campaign is None:
        raise Invalid("No such campaign.", code="campaign_not_found",
                      errors=[FieldError(field=field, reason="unknown campaign")])
    return campaign


def require_for_facility(session: Session, *, campaign_id: str, facility_id: str,
                         field: str = "body.campaign_id") -> RectificationCampaign:
    """The campaign, which must exist and include the facility (422 naming ``field`` otherwise)."""
    campaign = require(session, campaign_id=campaign_id, field=field)
    if facility_id not in campaign.targets:
        raise Invalid("The campaign does not include this facility.", code="facility_not_in_campaign",
                      errors=[FieldError(field=field, reason="the campaign does not include this facility")])
    return campaign


def apply_snapshot(session: Session, *, event_id: int, values: dict[str, Any]) -> None:
    """Insert or overwrite the campaign from an announcement; an older one delivered late changes nothing."""
    row = repository.get(session, values["campaign_id"])
    if row is not None and row.event_id >= event_id:
        return
    values = {**values, "event_id": event_id, "updated_at": clock.now()}
    if row is None:
        row = RectificationCampaign.model_validate(values)
    else:
        row.sqlmodel_update(values)
    repository.save(session, row)
