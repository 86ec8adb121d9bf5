"""Rectification's ``hazard.*`` events keep the ledger copy (``ledger/``; a tolerant reader: replays and stale events
change nothing), and move the campaigns whose classification follows that hazard in the open API's feed.

It lives with the classification, the reader of the copy: the campaigns to move are found through the inspections'
findings, and the inspections read the ledger copy, so the ledger itself stays below both."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.events import Consumer, ReceivedEvent

from ..campaigns import progress
from ..inspections import queries as inspections
from ..ledger import repository
from ..ledger.models import InspectionHazard


class HazardState(BaseModel):
    """The fields of rectification's hazard.* payload (v1) the classification needs."""

    model_config = ConfigDict(extra="ignore")

    hazard_id: str
    hazard_key: str
    campaign_id: str
    facility_id: str
    severity: str
    state: str
    # The key of the follow-up finding that reopened the entry (a relapse), when there was one.
    last_relapse_key: str | None = None


HAZARD_EVENTS = ("hazard.assigned", "hazard.deadline_changed", "hazard.submitted", "hazard.accepted",
                 "hazard.rejected", "hazard.signed_off", "hazard.reopened", "hazard.overdue", "hazard.withdrawn")


def on_hazard(session: Session, event: ReceivedEvent) -> None:
    """Insert or refresh the entry's state, unless a later event already did."""
    data = event.parse(HazardState)
    row = repository.get_hazard(session, data.hazard_id)
    keys = [data.hazard_key, *([data.last_relapse_key] if data.last_relapse_key else [])]
    repository.link_keys(session, hazard_id=data.hazard_id, keys=keys)
    if row is not None and row.event_id > event.id:
        return
    previous = row.state if row is not None else None
    row = row or InspectionHazard(hazard_id=data.hazard_id, hazard_key=data.hazard_key, campaign_id=data.campaign_id,
                                  facility_id=data.facility_id, severity=data.severity, state=data.state,
                                  event_id=event.id, updated_at=clock.now())
    row.hazard_key, row.campaign_id, row.facility_id = data.hazard_key, data.campaign_id, data.facility_id
    row.severity, row.state, row.event_id, row.updated_at = data.severity, data.state, event.id, clock.now()
    session.add(row)
    session.flush()
    if previous != data.state:
        # The suggested class of the facility may have changed: the open API's feed must show it again.
        answered = inspections.campaigns_of_hazard(session, hazard_id=data.hazard_id)
        for campaign_id in sorted({data.campaign_id} | answered):
            progress.campaign_progressed(session, campaign_id=campaign_id)


def ledger_consumer() -> Consumer:
    return Consumer("inspection.ledger", dict.fromkeys(HAZARD_EVENTS, on_hazard))
