"""The moves people make on a hazard (``states.py`` says from where to where and who): assign, start, submit,
accept, reject, sign off. Each checks the caller's role (403), then the state (409), then its own rules."""

from __future__ import annotations

from sqlmodel import Session

from eldersafe_common.auth import Principal
from eldersafe_common.errors import Conflict

from . import access, events, four_eyes, history, listeners, repository, states, tally
from .models import Hazard
from .schemas import HazardPublic, HazardUpdate
from .service import hazard_public


def update_hazard(session: Session, *, principal: Principal, hazard_id: str, data: HazardUpdate) -> HazardPublic:
    """Assign people and measures (owning department, civil affairs, admin)."""
    hazard = access.load(session, principal, hazard_id)
    was = tally.bucket(hazard)
    access.require_actor(principal, hazard, states.UPDATE)
    states.require(states.UPDATE, hazard.state)
    if data.version != hazard.version:
        raise Conflict("The hazard was changed meanwhile; reload it.", code="version_conflict")
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    for field, value in changes.items():
        setattr(hazard, field, value)
    history.record(session, hazard, before=was, principal=principal, action="updated", from_state=hazard.state,
                   detail={"changed": sorted(changes)})
    return hazard_public(hazard)


def start(session: Session, *, principal: Principal, hazard_id: str) -> HazardPublic:
    """Begin rectifying (the facility's manager or the owning department)."""
    hazard = access.load(session, principal, hazard_id)
    was = tally.bucket(hazard)
    access.require_actor(principal, hazard, states.START)
    before = hazard.state
    hazard.state = states.move(states.START, before)
    history.record(session, hazard, before=was, principal=principal, action="started", from_state=before)
    return hazard_public(hazard)


def submit(session: Session, *, principal: Principal, hazard_id: str, note: str | None) -> HazardPublic:
    """Submit the rectification for acceptance; evidence must have been uploaded."""
    hazard = access.load(session, principal, hazard_id)
    was = tally.bucket(hazard)
    access.require_actor(principal, hazard, states.SUBMIT)
    before = hazard.state
    target = states.move(states.SUBMIT, before)
    if not repository.evidence(session, hazard.id):
        raise Conflict("Upload evidence before submitting.", code="evidence_missing")
    hazard.state = target
    hazard.submitted_by = principal.subject
    hazard.accepted_departments = []
    hazard.rejection_reason = None
    history.record(session, hazard, before=was, principal=principal, action="submitted", from_state=before,
                   detail={"note": note})
    events.emit(session, events.SUBMITTED, hazard)
    return hazard_public(hazard)


def _reviewable(session: Session, principal: Principal, hazard: Hazard, action: states.Action) -> str:
    """The state ``action`` leads to, once the caller may review this submission (four eyes)."""
    access.require_actor(principal, hazard, action)
    target = states.move(action, hazard.state)
    four_eyes.check_acceptor(session, principal, hazard)
    return target


def accept(session: Session, *, principal: Principal, hazard_id: str, note: str | None) -> HazardPublic:
    """Accept the rectification for the caller's department; a joint hazard needs every department."""
    hazard = access.load(session, principal, hazard_id)
    was = tally.bucket(hazard)
    target = _reviewable(session, principal, hazard, states.ACCEPT)
    department = principal.role.value
    if department in hazard.accepted_departments:
        raise Conflict("Your department has already accepted.", code="already_accepted")
    hazard.accepted_departments = [*hazard.accepted_departments, department]
    before = hazard.state
    complete = set(hazard.departments) <= set(hazard.accepted_departments)
    if complete:
        hazard.state = target
        hazard.accepted_by = principal.subject
    history.record(session, hazard, before=was, principal=principal,
                   action="accepted" if complete else "accepted_by_department", from_state=before,
                   detail={"department": department, "note": note})
    if complete:
        events.emit(session, events.ACCEPTED, hazard)
    return hazard_public(hazard)


def reject(session: Session, *, principal: Principal, hazard_id: str, reason: str) -> HazardPublic:
    """Refuse the rectification: back to in_progress with the reason."""
    hazard = access.load(session, principal, hazard_id)
    was = tally.bucket(hazard)
    before = hazard.state
    hazard.state = _reviewable(session, principal, hazard, states.REJECT)
    hazard.accepted_departments = []
    hazard.rejection_reason = reason
    history.record(session, hazard, before=was, principal=principal, action="rejected", from_state=before,
                   detail={"reason": reason, "department": principal.role.value})
    events.emit(session, events.REJECTED, hazard, reason=reason)
    return hazard_public(hazard)


def sign_off(session: Session, *, principal: Principal, hazard_id: str) -> HazardPublic:
    """Close the hazard (销号): the owning department's head or the civil affairs head, after acceptance."""
    hazard = access.load(session, principal, hazard_id)
    was = tally.bucket(hazard)
    access.require_actor(principal, hazard, states.SIGN_OFF)
    before = hazard.state
    target = states.move(states.SIGN_OFF, before)  # 409 not_accepted
    four_eyes.check_signer(session, principal, hazard)
    hazard.state = target
    hazard.signed_off_by = principal.subject
    history.record(session, hazard, before=was, principal=principal, action="signed_off", from_state=before)
    events.emit(session, events.SIGNED_OFF, hazard)
    listeners.finished(session, hazard)  # supervision orders over it may close
    return hazard_public(hazard)
