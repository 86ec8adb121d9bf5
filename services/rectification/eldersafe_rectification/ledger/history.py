"""Every change to a hazard writes one ``hazard_history`` row (who, when, what, the state before and after) and
moves the ledger's counters from the bucket it was in to the one it is in now (``tally.py``)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal

from . import repository, tally
from .models import Hazard, HazardHistory


def record(session: Session, hazard: Hazard, *, before: tally.Bucket | None, principal: Principal | None, action: str,
           from_state: str | None, detail: dict[str, Any] | None = None, actor_name: str | None = None) -> None:
    """Save ``hazard`` (a new version, updated now) with its history row and count it in its bucket instead of
    ``before`` (``tally.bucket`` taken before the change; None for a new entry); ``principal`` None: an event."""
    now = clock.now()
    hazard.updated_at = now
    hazard.version += 1
    entry = HazardHistory(
        id=str(uuid.uuid4()), hazard_id=hazard.id, at=now,
        actor_subject=principal.subject if principal else None,
        actor_name=principal.name if principal else actor_name, action=action, from_state=from_state,
        to_state=hazard.state, detail=detail or {},
    )
    repository.save(session, hazard, entry)
    tally.move(session, before=before, after=tally.bucket(hazard))
