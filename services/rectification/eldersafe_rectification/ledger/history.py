"""Every change to a hazard writes one ``hazard_history`` row (who, when, what, the state before and after)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal

from . import repository
from .models import Hazard, HazardHistory


def record(session: Session, hazard: Hazard, *, principal: Principal | None, action: str, from_state: str | None,
           detail: dict[str, Any] | None = None, actor_name: str | None = None) -> None:
    """Save ``hazard`` (a new version, updated now) with its history row; ``principal`` None: an event did it."""
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
