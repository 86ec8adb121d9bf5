"""The registry's copy of inspection's campaigns (``campaign.created`` / ``campaign.updated``): closing a facility
needs a plan of a campaign under way that covers it."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.events import ReceivedEvent

from ..models import RegistryCampaign
from . import repository


class CampaignSnapshot(BaseModel):
    """The fields of inspection's campaign events v1 that the registry keeps (a tolerant reader)."""

    model_config = ConfigDict(extra="ignore")

    campaign_id: str
    name: str
    area_code: str
    survey_start: date
    review_end: date
    targets: list[str] = []


def on_campaign(session: Session, event: ReceivedEvent) -> None:
    """Keep the campaign as it now stands; an older snapshot delivered late changes nothing."""
    data: CampaignSnapshot = event.parse(CampaignSnapshot)
    row = repository.get(session, data.campaign_id)
    if row is not None and row.event_id >= event.id:
        return
    values = {**data.model_dump(), "name": data.name[:200], "event_id": event.id, "updated_at": clock.now()}
    if row is None:
        row = RegistryCampaign.model_validate(values)
    else:
        row.sqlmodel_update(values)
    repository.save(session, row)


def covering_now(session: Session, *, facility_id: str, campaign_ids: list[str]) -> set[str]:
    """Those of the campaigns under way today (China date: their phases include it) that include the facility."""
    running = repository.running_on(session, campaign_ids=campaign_ids, day=clock.china_today())
    return {campaign.campaign_id for campaign in running if facility_id in campaign.targets}


__all__ = ["RegistryCampaign", "covering_now", "on_campaign"]
