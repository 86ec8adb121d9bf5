"""The ledger's own ``hazard.signed_off`` drives follow-ups, so a sign-off and its follow-up never disagree."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from eldersafe_common.events import Consumer, ReceivedEvent

from . import service


class SignedOff(BaseModel):
    model_config = ConfigDict(extra="ignore")

    campaign_id: str
    facility_id: str


def on_hazard_signed_off(session: Session, event: ReceivedEvent) -> None:
    """Request a follow-up once the facility's last hazard in the campaign is signed off."""
    data = event.parse(SignedOff)
    service.on_signed_off(session, campaign_id=data.campaign_id, facility_id=data.facility_id,
                          signed_off_at=event.occurred_at)


def follow_up_consumer() -> Consumer:
    return Consumer("rectification.follow_ups", {"hazard.signed_off": on_hazard_signed_off})
