"""The class the task force decided for a facility (shutdown / suspend / pass), as the registry keeps it.

The open API reports it beside the facility's status, so the city platform needs one source, not two.
"""

import logging
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from eldersafe_common.events import ReceivedEvent

from . import repository

log = logging.getLogger("eldersafe.registry.classification")


class FacilityClassified(BaseModel):
    """The fields of inspection's ``facility.classified`` v1 that the registry keeps (a tolerant reader)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    facility_id: str
    klass: str = Field(alias="class")
    decided_at: datetime


def on_facility_classified(session: Session, event: ReceivedEvent) -> None:
    """Keep the facility's latest decided class; a decision delivered late never replaces a newer one."""
    data: FacilityClassified = event.parse(FacilityClassified)
    facility = repository.get_facility(session, data.facility_id)
    if facility is None:
        # Inspection classifies only facilities the registry announced; failing would hold the subject back.
        log.warning("facility %s classified but unknown to the registry", data.facility_id)
        return
    if len(data.klass) > 20:
        log.warning("facility %s classified with an unknown class %.40r", data.facility_id, data.klass)
        return
    decided_at = data.decided_at if data.decided_at.tzinfo else data.decided_at.replace(tzinfo=UTC)
    if facility.classified_at is not None and facility.classified_at > decided_at:
        return
    facility.classification = data.klass
    facility.classified_at = decided_at
    facility.version += 1  # every write bumps it, so a reader's version says what they have seen
    repository.save(session, facility)
