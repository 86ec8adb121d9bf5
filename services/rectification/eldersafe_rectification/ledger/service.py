"""Ledger rules: intake, who may move a hazard where, extensions, evidence, the overdue check."""

from __future__ import annotations

import importlib
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import DEPARTMENTS, Position, Principal, Role
from eldersafe_common.errors import Conflict, Forbidden, Invalid, NotFound

from ..campaigns import service as campaigns
from . import events, four_eyes, repository
from .models import DeadlineExtension, Hazard, HazardHistory
from .schemas import (
    DeadlinePolicyPublic,
    EvidencePublic,
    ExtensionCreate,
    ExtensionPublic,
    HazardDetail,
    HazardFilters,
    HazardPage,
    HazardPublic,
    HazardUpdate,
    HistoryPublic,
)

# The reward custodian pays tip rewards and reads nothing else (least privilege).
READERS = tuple(role for role in Role if role not in (Role.city_platform, Role.reward_custodian))


def today_china(now: datetime | None = None) -> date:
    """Today's date in China (deadlines are Chinese calendar days)."""
    return clock.china_today(now)


def is_overdue(hazard: Hazard, today: date) -> bool:
    return hazard.deadline < today and hazard.state not in repository.CLOSED_STATES


def hazard_public(hazard: Hazard, *, today: date | None = None) -> HazardPublic:
    public = HazardPublic.model_validate(hazard)
    public.overdue = is_overdue(hazard, today or today_china())
    return public


# --- who is who ---------------------------------------------------------------------------------------------

def _owning_department(principal: Principal, hazard: Hazard) -> bool:
    return principal.role in DEPARTMENTS and principal.role.value in hazard.departments


def _own_facility_manager(principal: Principal, hazard: Hazard) -> bool:
    return principal.role is Role.facility and principal.facility == hazard.facility_id


def _deny() -> Forbidden:
    return Forbidden("Your role may not perform this action on this hazard.", code="role_forbidden")


def _visible(principal: Principal, hazard: Hazard) -> bool:
    if principal.role not in READERS or not principal.covers(hazard.area_code):
        return False
    return principal.role is not Role.facility or principal.facility == hazard.facility_id


def _load(session: Session, principal: Principal, hazard_id: str) -> Hazard:
    principal.require(*READERS)  # a role that reads no hazard at all is told so (403) before any lookup (404)
    hazard = repository.get_hazard(session, hazard_id)
    if hazard is None or not _visible(principal, hazard):
        raise NotFound("Hazard not found.", code="hazard_not_found")
    return hazard


def _record(session: Session, hazard: Hazard, *, principal: Principal | None, action: str, from_state: str | None,
            detail: dict[str, Any] | None = None, actor_name: str | None = None) -> None:
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


def _require_state(hazard: Hazard, *states: str) -> None:
    if hazard.state not in states:
        raise Conflict(f"Not possible while the hazard is {hazard.state}.", code="invalid_state")


# --- intake -------------------------------------------------------------------------------------------------

def intake(session: Session, *, found: Any, event_id: int | None = None) -> Hazard | None:
    """Enter a found hazard once per hazard_key; a follow-up on a signed-off item reopens it as a relapse.

    The deadline is the China date it was found plus the days its campaign gives that severity (set on the
    campaign alone: ``deadline_days_major`` / ``deadline_days_ordinary`` from inspection's campaign events).
    """
    if repository.hazard_by_key(session, found.hazard_key) is not None:
        return None
    deadline = today_china(found.found_at) + timedelta(days=campaigns.deadline_days(
        session, campaign_id=found.campaign_id, severity=found.severity, event_id=event_id))
    if found.mode == "follow_up":
        previous = repository.signed_off_match(session, facility_id=found.facility_id, item_code=found.item_code)
        if previous is not None:
            return _reopen(session, previous, found=found, deadline=deadline)
    facility = repository.facility(session, found.facility_id)
    now = clock.now()
    hazard = Hazard(
        id=str(uuid.uuid4()), hazard_key=found.hazard_key, inspection_id=found.inspection_id,
        campaign_id=found.campaign_id, facility_id=found.facility_id,
        facility_name=facility.name if facility else None, area_code=found.area_code,
        departments=[found.department], item_code=found.item_code, item_text=found.item_text, basis=found.basis,
        category=found.category, severity=found.severity, criterion_code=found.criterion_code,
        description=found.description, photo_ids=list(found.photo_ids), measures=found.measures,
        responsible_name=facility.manager if facility else None,
        responsible_phone=facility.manager_phone if facility else None,
        supervisor_subject=found.inspector.subject, supervisor_name=found.inspector.name,
        checker_name=found.inspector.name, deadline=deadline, state="open", self_check=found.self_check,
        found_at=found.found_at, found_by=found.inspector.subject,
        found_by_name=found.inspector.name, created_at=now, updated_at=now, version=0,
    )
    _record(session, hazard, principal=None, actor_name=found.inspector.name, action="intake", from_state=None,
            detail={"hazard_key": found.hazard_key, "inspection_id": found.inspection_id, "mode": found.mode})
    repository.set_departments(session, hazard)
    events.emit(session, events.ASSIGNED, hazard)
    return hazard


def _reopen(session: Session, hazard: Hazard, *, found: Any, deadline: date) -> Hazard:
    before = hazard.state
    hazard.state = "open"
    hazard.relapse = True
    hazard.reopened_count += 1
    hazard.last_relapse_key = found.hazard_key
    hazard.deadline = deadline
    hazard.escalated_at = hazard.escalated_stage = None  # a new ladder starts with the new deadline
    hazard.description = found.description
    hazard.photo_ids = list(found.photo_ids)
    hazard.accepted_departments = []
    hazard.submitted_by = hazard.accepted_by = hazard.signed_off_by = None
    hazard.rejection_reason = None
    hazard.overdue_notified_deadline = None
    _record(session, hazard, principal=None, actor_name=found.inspector.name, action="reopened", from_state=before,
            detail={"hazard_key": found.hazard_key, "inspection_id": found.inspection_id})
    events.emit(session, events.REOPENED, hazard)
    return hazard


# --- reading ------------------------------------------------------------------------------------------------

def list_hazards(session: Session, *, principal: Principal, filters: HazardFilters, page: int,
                 page_size: int) -> HazardPage:
    """Hazards inside the caller's area, filtered, sorted and paged (a facility manager: their own)."""
    principal.require(*READERS)
    own = _own_facility(principal)
    today = today_china()
    rows, total = repository.list_hazards(session, area=principal.area, own_facility=own, filters=filters,
                                          today=today, offset=(page - 1) * page_size, limit=page_size)
    return HazardPage(items=[hazard_public(row, today=today) for row in rows], total=total, page=page,
                      page_size=page_size)


def _own_facility(principal: Principal) -> str | None:
    if principal.role is not Role.facility:
        return None
    if not principal.facility:
        raise Forbidden("The token names no facility.", code="facility_missing")
    return principal.facility


def get_hazard(session: Session, *, principal: Principal, hazard_id: str) -> HazardDetail:
    """One hazard with its history, evidence and extensions."""
    hazard = _load(session, principal, hazard_id)
    return HazardDetail(
        **hazard_public(hazard).model_dump(),
        history=[HistoryPublic.model_validate(row) for row in repository.history(session, hazard.id)],
        evidence=[EvidencePublic.model_validate(row) for row in repository.evidence(session, hazard.id)],
        extensions=[ExtensionPublic.model_validate(row) for row in repository.extensions(session, hazard.id)],
    )


# --- changes ------------------------------------------------------------------------------------------------

def update_hazard(session: Session, *, principal: Principal, hazard_id: str, data: HazardUpdate) -> HazardPublic:
    """Assign people and measures (owning department, civil affairs, admin)."""
    hazard = _load(session, principal, hazard_id)
    if not (_owning_department(principal, hazard) or principal.role in (Role.civil_affairs, Role.admin)):
        raise _deny()
    _require_state(hazard, "open", "in_progress", "submitted", "accepted")
    if data.version != hazard.version:
        raise Conflict("The hazard was changed meanwhile; reload it.", code="version_conflict")
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    for field, value in changes.items():
        setattr(hazard, field, value)
    _record(session, hazard, principal=principal, action="updated", from_state=hazard.state,
            detail={"changed": sorted(changes)})
    return hazard_public(hazard)


def _rectifier(principal: Principal, hazard: Hazard) -> bool:
    return _own_facility_manager(principal, hazard) or _owning_department(principal, hazard)


def start(session: Session, *, principal: Principal, hazard_id: str) -> HazardPublic:
    """Begin rectifying (the facility's manager or the owning department)."""
    hazard = _load(session, principal, hazard_id)
    if not _rectifier(principal, hazard):
        raise _deny()
    _require_state(hazard, "open")
    hazard.state = "in_progress"
    _record(session, hazard, principal=principal, action="started", from_state="open")
    return hazard_public(hazard)


def submit(session: Session, *, principal: Principal, hazard_id: str, note: str | None) -> HazardPublic:
    """Submit the rectification for acceptance; evidence must have been uploaded."""
    hazard = _load(session, principal, hazard_id)
    if not _rectifier(principal, hazard):
        raise _deny()
    _require_state(hazard, "in_progress")
    if not repository.evidence(session, hazard.id):
        raise Conflict("Upload evidence before submitting.", code="evidence_missing")
    hazard.state = "submitted"
    hazard.submitted_by = principal.subject
    hazard.accepted_departments = []
    hazard.rejection_reason = None
    _record(session, hazard, principal=principal, action="submitted", from_state="in_progress",
            detail={"note": note})
    events.emit(session, events.SUBMITTED, hazard)
    return hazard_public(hazard)


def _acceptor(session: Session, principal: Principal, hazard: Hazard) -> None:
    if not _owning_department(principal, hazard) or principal.position not in (Position.staff, Position.head):
        raise _deny()
    _require_state(hazard, "submitted")
    four_eyes.check_acceptor(session, principal, hazard)


def accept(session: Session, *, principal: Principal, hazard_id: str, note: str | None) -> HazardPublic:
    """Accept the rectification for the caller's department; a joint hazard needs every department."""
    hazard = _load(session, principal, hazard_id)
    _acceptor(session, principal, hazard)
    department = principal.role.value
    if department in hazard.accepted_departments:
        raise Conflict("Your department has already accepted.", code="already_accepted")
    hazard.accepted_departments = [*hazard.accepted_departments, department]
    complete = set(hazard.departments) <= set(hazard.accepted_departments)
    if complete:
        hazard.state = "accepted"
        hazard.accepted_by = principal.subject
    _record(session, hazard, principal=principal, action="accepted" if complete else "accepted_by_department",
            from_state="submitted", detail={"department": department, "note": note})
    if complete:
        events.emit(session, events.ACCEPTED, hazard)
    return hazard_public(hazard)


def reject(session: Session, *, principal: Principal, hazard_id: str, reason: str) -> HazardPublic:
    """Refuse the rectification: back to in_progress with the reason."""
    hazard = _load(session, principal, hazard_id)
    _acceptor(session, principal, hazard)
    hazard.state = "in_progress"
    hazard.accepted_departments = []
    hazard.rejection_reason = reason
    _record(session, hazard, principal=principal, action="rejected", from_state="submitted",
            detail={"reason": reason, "department": principal.role.value})
    events.emit(session, events.REJECTED, hazard, reason=reason)
    return hazard_public(hazard)


def sign_off(session: Session, *, principal: Principal, hazard_id: str) -> HazardPublic:
    """Close the hazard (销号): the owning department's head or the civil affairs head, after acceptance."""
    hazard = _load(session, principal, hazard_id)
    head = principal.position is Position.head
    if not head or not (_owning_department(principal, hazard) or principal.role is Role.civil_affairs):
        raise _deny()
    if hazard.state != "accepted":
        raise Conflict("Only an accepted hazard can be signed off.", code="not_accepted")
    four_eyes.check_signer(session, principal, hazard)
    hazard.state = "signed_off"
    hazard.signed_off_by = principal.subject
    _record(session, hazard, principal=principal, action="signed_off", from_state="accepted")
    events.emit(session, events.SIGNED_OFF, hazard)
    _notify_supervision(session, hazard)
    return hazard_public(hazard)


def _notify_supervision(session: Session, hazard: Hazard) -> None:
    try:
        module = importlib.import_module("eldersafe_rectification.supervision.service")
    except ModuleNotFoundError:
        return
    hook = getattr(module, "on_hazard_signed_off", None)
    if hook is not None:
        hook(session, hazard=hazard)


# --- extensions ---------------------------------------------------------------------------------------------

def request_extension(session: Session, *, principal: Principal, hazard_id: str,
                      data: ExtensionCreate) -> ExtensionPublic:
    """Ask for a later deadline, with a reason (facility manager or owning department)."""
    hazard = _load(session, principal, hazard_id)
    if not _rectifier(principal, hazard):
        raise _deny()
    _require_state(hazard, "open", "in_progress", "submitted")
    if data.new_deadline < today_china():
        raise Invalid("The new deadline is in the past.", code="deadline_in_past")
    if data.new_deadline <= hazard.deadline:
        raise Invalid("The new deadline must be later than the current one.", code="deadline_not_later")
    extension = DeadlineExtension(
        id=str(uuid.uuid4()), hazard_id=hazard.id, old_deadline=hazard.deadline, new_deadline=data.new_deadline,
        reason=data.reason, requested_by=principal.subject, requested_by_name=principal.name, requested_at=clock.now(),
    )
    repository.save(session, extension)
    _record(session, hazard, principal=principal, action="extension_requested", from_state=hazard.state,
            detail={"extension_id": extension.id, "new_deadline": data.new_deadline.isoformat()})
    return ExtensionPublic.model_validate(extension)


def decide_extension(session: Session, *, principal: Principal, hazard_id: str, extension_id: str, approve: bool,
                     note: str | None) -> ExtensionPublic:
    """Approve or reject a pending extension (the owning department's head)."""
    hazard = _load(session, principal, hazard_id)
    extension = repository.get_extension(session, extension_id)
    if extension is None or extension.hazard_id != hazard.id:
        raise NotFound("Extension not found.", code="extension_not_found")
    if not (_owning_department(principal, hazard) and principal.position is Position.head):
        raise _deny()
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
    _record(session, hazard, principal=principal,
            action="extension_approved" if approve else "extension_rejected", from_state=hazard.state,
            detail={"extension_id": extension.id, "note": note, "previous_deadline": previous.isoformat()})
    if approve:
        events.emit(session, events.DEADLINE_CHANGED, hazard, previous_deadline=previous, reason=extension.reason)
    return ExtensionPublic.model_validate(extension)


# --- policy ---------------------------------------------------------------------------------------------------

def get_policy(session: Session, *, principal: Principal, campaign_id: str) -> DeadlinePolicyPublic:
    """The campaign's hazard deadlines as the campaign sets them (read from this service's campaign copy)."""
    principal.require(*READERS)
    campaign = campaigns.get(session, campaign_id)
    if campaign is None:
        raise NotFound("No such campaign.", code="campaign_not_found")
    days = campaigns.days_of(campaign)
    return DeadlinePolicyPublic(campaign_id=campaign_id, major_days=days["major"], ordinary_days=days["ordinary"],
                                updated_at=campaign.updated_at)


def put_policy(*, principal: Principal, campaign_id: str) -> None:
    """Refused: a campaign's hazard deadlines are set on the campaign (inspection), in one place only."""
    principal.require(*READERS)
    raise Conflict(
        "Hazard deadlines are set on the campaign: change deadline_days_major / deadline_days_ordinary with "
        f"PATCH /api/inspection/campaigns/{campaign_id}.", code="deadline_days_set_on_campaign")


# --- overdue (worker) ---------------------------------------------------------------------------------------

def check_overdue(session: Session, *, today: date | None = None, limit: int = 500) -> int:
    """Publish hazard.overdue once per entry per deadline; return how many were published."""
    day = today or today_china()
    due = repository.due_for_overdue_notice(session, today=day, limit=limit)
    for hazard in due:
        hazard.overdue_notified_deadline = hazard.deadline
        # Bumped like every write, so that a reopening read before this cannot pass its check and undo it.
        hazard.version += 1
        repository.save(session, hazard)
        events.emit(session, events.OVERDUE, hazard)
    return len(due)


# --- escalation (from notification's ladder) ----------------------------------------------------------------

def flag_escalated(session: Session, *, hazard_id: str, deadline: date, stage: str, days_overdue: int,
                   at: datetime) -> None:
    """Mark the entry as flagged for a supervision order, once per stage; stale flags are ignored."""
    hazard = repository.get_hazard(session, hazard_id)
    if hazard is None or hazard.state in repository.CLOSED_STATES or hazard.deadline != deadline:
        return  # closed or given a new deadline since the ladder looked: the flag no longer applies
    if hazard.escalated_stage == stage:
        return
    hazard.escalated_at, hazard.escalated_stage = at, stage
    _record(session, hazard, principal=None, action="escalated", from_state=hazard.state,
            detail={"stage": stage, "days_overdue": days_overdue}, actor_name="督办升级")


# --- for supervision ----------------------------------------------------------------------------------------

def hazards_for_order(session: Session, *, hazard_ids: list[str]) -> list[Hazard]:
    """The hazards with these ids (those that exist), by deadline."""
    return repository.hazards_by_ids(session, hazard_ids)


def open_hazards_of_facility(session: Session, *, facility_id: str) -> list[Hazard]:
    """The facility's hazards not yet signed off, by deadline."""
    return repository.open_hazards_of_facility(session, facility_id)
