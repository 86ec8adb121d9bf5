"""Deadline extensions: asked for by whoever rectifies, decided by the owning department's head."""

from __future__ import annotations

import uuid

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal
from eldersafe_common.errors import Conflict, Invalid, NotFound

from . import access, events, history, repository, states, tally
from .models import DeadlineExtension
from .overdue import today_china
from .schemas import ExtensionCreate, ExtensionPublic


def request_extension(session: Session, *, principal: Principal, hazard_id: str,
                      data: ExtensionCreate) -> ExtensionPublic:
    """Ask for a later deadline, with a reason (facility manager or owning department)."""
    hazard = access.load(session, principal, hazard_id)
    was = tally.bucket(hazard)
    access.require_actor(principal, hazard, states.REQUEST_EXTENSION)
    states.require(states.REQUEST_EXTENSION, hazard.state)
    if data.new_deadline < today_china():
        raise Invalid("The new deadline is in the past.", code="deadline_in_past")
    if data.new_deadline <= hazard.deadline:
        raise Invalid("The new deadline must be later than the current one.", code="deadline_not_later")
    extension = DeadlineExtension(
        id=str(uuid.uuid4()), hazard_id=hazard.id, old_deadline=hazard.deadline, new_deadline=data.new_deadline,
        reason=data.reason, requested_by=principal.subject, requested_by_name=principal.name, requested_at=clock.now(),
    )
    repository.save(session, extension)
    history.record(session, hazard, before=was, principal=principal, action="extension_requested",
                   from_state=hazard.state,
                   detail={"extension_id": extension.id, "new_deadline": data.new_deadline.isoformat()})
    return ExtensionPublic.model_validate(extension)


def decide_extension(session: Session, *, principal: Principal, hazard_id: str, extension_id: str, approve: bool,
                     note: str | None) -> ExtensionPublic:
    """Approve or reject a pending extension (the owning department's head)."""
    hazard = access.load(session, principal, hazard_id)
    was = tally.bucket(hazard)
    extension = repository.get_extension(session, extension_id)
    if extension is None or extension.hazard_id != hazard.id:
        raise NotFound("Extension not found.", code="extension_not_found")
    access.require_actor(principal, hazard, states.DECIDE_EXTENSION)
    states.require(states.DECIDE_EXTENSION, hazard.state)
    if extension.state != "pending":
        raise Conflict("The extension has already been decided.", code="extension_decided")
    extension.state = "approved" if approve else "rejected"
    extension.decided_by, extension.decided_by_name = principal.subject, principal.name
    extension.decided_at, extension.decision_note = clock.now(), note
    repository.save(session, extension)
    previous = hazard.deadline
    if approve:
        hazard.deadline = extension.new_deadline
        hazard.escalated_at = hazard.escalated_stage = None  # a new ladder starts with the new deadline
    history.record(session, hazard, before=was, principal=principal,
                   action="extension_approved" if approve else "extension_rejected", from_state=hazard.state,
                   detail={"extension_id": extension.id, "note": note, "previous_deadline": previous.isoformat()})
    if approve:
        events.emit(session, events.DEADLINE_CHANGED, hazard, previous_deadline=previous, reason=extension.reason)
    return ExtensionPublic.model_validate(extension)
