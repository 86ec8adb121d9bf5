"""Tip triage (P13, 二.二): the queue, assignment as a tip_check inspection task, duplicates, closing with a
reason the reporter reads, the thread with the reporter, and the outcome of the check."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import timedelta

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal
from eldersafe_common.errors import Conflict, FieldError, Invalid, NotFound

from ...campaigns import service as campaigns
from ...campaigns.models import Campaign
from ...checklists.models import ChecklistItem
from ...inspections.models import Finding, Inspection
from ...photos.storage import PhotoStorage
from ...tasks import service as tasks
from ...tasks.schemas import TaskCreate
from . import access, events, repository
from .models import Tip, TipHazard, TipMessage, TipPhoto
from .schemas import (
    TipAssign,
    TipClose,
    TipDuplicate,
    TipFilters,
    TipHazardPublic,
    TipMessageCreate,
    TipMessagePublic,
    TipOutcomeCreate,
    TipPage,
    TipPhotoPublic,
    TipPublic,
    TipSummary,
)

DEFAULT_CHECK_DAYS = 7
# A duplicate chain is flattened on every mark, so a longer walk means corrupt data, not a real chain.
MAX_CHAIN = 50
# An outcome only revisits a tip the check has reached; received, duplicate and closed tips were never checked.
CHECKED = ("assigned", "verified", "unfounded")


# Reading


def list_tips(session: Session, *, principal: Principal, filters: TipFilters, page: int,
              page_size: int) -> TipPage:
    """Tips the caller may see, newest first (a department: those assigned to it)."""
    access.require_staff(principal)
    rows, total = repository.page_tips(session, filters, area=principal.area,
                                       department=access.assigned_department(principal), page=page,
                                       page_size=page_size)
    ids = [tip.id for tip in rows]
    counts, rewards = repository.photo_counts(session, ids), repository.reward_statuses(session, ids)
    items = [_summary(tip, photo_count=counts.get(tip.id, 0), reward_status=rewards.get(tip.id)) for tip in rows]
    return TipPage(items=items, total=total, page=page, page_size=page_size)


def get_tip(session: Session, *, principal: Principal, tip_id: str) -> TipPublic:
    """One tip with its photos, thread and hazards."""
    tip = access.ensure_visible(principal, repository.get_tip(session, tip_id))
    return tip_public(session, tip)


def read_photo(session: Session, *, principal: Principal, tip_id: str, photo_id: str,
               storage: PhotoStorage) -> tuple[bytes, TipPhoto]:
    """A photo of a tip the caller may see."""
    tip = access.ensure_visible(principal, repository.get_tip(session, tip_id))
    photo = repository.get_photo(session, tip_id=tip.id, photo_id=photo_id)
    if photo is None:
        raise NotFound("Photo not found.", code="photo_not_found")
    try:
        return storage.read(photo.storage_key), photo
    except FileNotFoundError:
        raise NotFound("The photo's file is gone.", code="photo_not_found") from None


# Triage


def _writable(session: Session, principal: Principal, tip_id: str, version: int, *,
              require: Callable[[Principal, Tip], None]) -> Tip:
    """The locked tip: 404 outside the caller's sight, then 403 for the role, then 409 for a stale version."""
    tip = access.ensure_visible(principal, repository.get_tip(session, tip_id, for_update=True))
    require(principal, tip)
    if version != tip.version:
        raise Conflict("The tip was changed meanwhile; reload it.", code="version_conflict")
    return tip


def _require_received(tip: Tip) -> None:
    if tip.status != "received":
        raise Conflict(f"The tip is {tip.status}; only a received tip is triaged.", code="tip_not_open")


def _triaged(tip: Tip, principal: Principal) -> None:
    now = clock.now()
    tip.triaged_by = principal.subject
    tip.triaged_by_name = principal.name or principal.subject
    tip.triaged_at = now
    tip.updated_at = now
    tip.version += 1


def _close_as(session: Session, tip: Tip, principal: Principal, *, status: str, reason: str | None) -> None:
    # Triage ends the tip without a check: the reason is what the reporter reads.
    tip.status, tip.closed_reason = status, reason
    _triaged(tip, principal)
    tip.resolved_at = tip.updated_at
    repository.add(session, tip)


def assign(session: Session, *, principal: Principal, tip_id: str, data: TipAssign) -> TipPublic:
    """Send the tip to a department: a tip_check task for its facility in a campaign that targets it."""
    tip = _writable(session, principal, tip_id, data.version, require=access.require_triager)
    reassign = False
    if tip.status == "assigned":
        # Reassigning is possible once the planners cancelled the task (wrong department, say).
        previous = repository.get_task(session, tip.task_id) if tip.task_id else None
        reassign = previous is not None and previous.status == "cancelled"
    if tip.status != "received" and not reassign:
        raise Conflict(f"The tip is {tip.status}; only a received tip (or one whose check task was cancelled) "
                       "is assigned.", code="tip_not_open")
    facility_id = data.facility_id or tip.facility_id
    if facility_id is None:
        raise Invalid("The tip names no facility.", code="validation_failed", errors=[
            FieldError(field="body.facility_id", reason="required: the tip names no facility to check")])
    target = repository.get_target(session, facility_id)
    if target is None or not principal.covers(target.area_code):
        if data.facility_id is None:
            raise NotFound("No such facility.", code="facility_not_found")
        # A facility named in the body that leads nowhere is refused by name (codes must exist).
        raise Invalid("No such facility.", code="facility_not_found", errors=[
            FieldError(field="body.facility_id", reason="no such facility in your area")])
    campaign = _campaign_for(session, principal=principal, data=data, facility_id=target.facility_id)
    today = campaigns.today()
    due_date = data.due_date or max(campaign.survey_start,
                                    min(today + timedelta(days=DEFAULT_CHECK_DAYS), campaign.review_end))
    if due_date < today:
        raise Invalid("The due date has passed.", code="validation_failed", errors=[
            FieldError(field="body.due_date", reason="must not lie in the past")])
    # Unassigned like a follow-up task: the department's head staffs it (PATCH /tasks), triage only routes it.
    task = tasks.create_task(session, principal=principal, data=TaskCreate.model_construct(
        campaign_id=campaign.id, facility_id=target.facility_id, departments=[data.department], mode="tip_check",
        assignees=[], due_date=due_date))
    tip.facility_id, tip.facility_name, tip.area_code = target.facility_id, target.name, target.area_code
    tip.status = "assigned"
    tip.assigned_department = data.department
    tip.campaign_id, tip.task_id, tip.inspection_id = campaign.id, task.id, None
    _triaged(tip, principal)
    repository.add(session, tip)
    events.tip_assigned(session, tip)
    return tip_public(session, tip)


def _campaign_for(session: Session, *, principal: Principal, data: TipAssign, facility_id: str) -> Campaign:
    """The named campaign, else the newest open one that targets the facility with the department."""
    if data.campaign_id is not None:
        try:
            campaign = campaigns.visible_campaign(session, principal=principal, campaign_id=data.campaign_id)
        except NotFound as exc:
            raise Invalid("No such campaign.", code="campaign_not_found", errors=[
                FieldError(field="body.campaign_id", reason="no such campaign in your area")]) from exc
        if data.department not in campaign.departments:
            raise Invalid("The campaign does not include this department.", code="validation_failed", errors=[
                FieldError(field="body.department", reason="not a department of the campaign")])
        return campaign
    for campaign in repository.open_campaigns_targeting(session, facility_id=facility_id, today=campaigns.today()):
        if data.department in campaign.departments:
            return campaign
    raise Conflict(f"No open campaign targets this facility with the {data.department} department: add the "
                   "facility or the department to a campaign (or create one), then assign again, or name "
                   "campaign_id.", code="no_campaign")


def mark_duplicate(session: Session, *, principal: Principal, tip_id: str, data: TipDuplicate) -> TipPublic:
    """Close the tip as a duplicate of an earlier case (the reporter sees the original's number)."""
    tip = _writable(session, principal, tip_id, data.version, require=access.require_triager)
    _require_received(tip)
    original = repository.get_tip(session, data.duplicate_of) or repository.get_tip_by_number(
        session, data.duplicate_of.upper())
    if original is None or not access.sees(principal, original):
        raise NotFound("The original tip was not found.", code="duplicate_target_not_found")
    if original.id == tip.id:
        raise Invalid("A tip cannot duplicate itself.", code="validation_failed", errors=[
            FieldError(field="body.duplicate_of", reason="must be another tip")])
    # Point at the root of any chain so every duplicate names the case that is actually handled.
    for _ in range(MAX_CHAIN):
        if original.duplicate_of is None:
            break
        if original.duplicate_of == tip.id:
            raise Conflict("The other tip is already a duplicate of this one.", code="duplicate_loop")
        parent = repository.get_tip(session, original.duplicate_of)
        if parent is None:
            break
        original = parent
    else:
        raise Conflict("The other tip's duplicate chain does not end.", code="duplicate_loop")
    if original.id == tip.id:
        raise Conflict("The other tip is already a duplicate of this one.", code="duplicate_loop")
    tip.duplicate_of = original.id
    _close_as(session, tip, principal, status="duplicate", reason=data.note)
    events.tip_marked_duplicate(session, tip)
    return tip_public(session, tip)


def close(session: Session, *, principal: Principal, tip_id: str, data: TipClose) -> TipPublic:
    """Close a received tip without a check, with the reason the reporter reads."""
    tip = _writable(session, principal, tip_id, data.version, require=access.require_triager)
    _require_received(tip)
    _close_as(session, tip, principal, status="closed", reason=data.reason)
    events.tip_closed(session, tip)
    return tip_public(session, tip)


def add_message(session: Session, *, principal: Principal, tip_id: str, data: TipMessageCreate) -> TipMessagePublic:
    """A message to the reporter from triage or the assigned department (the reporter sees no staff names)."""
    tip = access.ensure_visible(principal, repository.get_tip(session, tip_id, for_update=True))
    access.require_correspondent(principal, tip)
    now = clock.now()
    message = TipMessage(id=str(uuid.uuid4()), tip_id=tip.id, author="department", department=principal.department,
                         author_subject=principal.subject, author_name=principal.name or principal.subject,
                         body=data.body, created_at=now)
    # The thread is not a triage decision: no version bump, so it never races an assignment.
    tip.updated_at = now
    repository.add(session, message, tip)
    return TipMessagePublic.model_validate(message, from_attributes=True)


def record_outcome(session: Session, *, principal: Principal, tip_id: str, data: TipOutcomeCreate) -> TipPublic:
    """The assigned department states the outcome and tells the reporter (also what no checklist covers)."""
    tip = _writable(session, principal, tip_id, data.version, require=access.require_handler)
    if tip.status not in CHECKED:
        raise Conflict(f"The tip is {tip.status}; it was never checked.", code="tip_not_open")
    if data.outcome == "unfounded":
        if repository.hazards_of(session, tip.id):
            raise Conflict("The check found hazards; the tip cannot be unfounded.", code="hazards_found")
        reward = repository.get_reward(session, tip.id)
        if reward is not None and reward.status != "rejected":
            raise Conflict("The tip has a reward; reject it before calling the tip unfounded.",
                           code="reward_exists")
    changed = tip.status != data.outcome
    now = clock.now()
    tip.status = data.outcome
    tip.outcome_note = data.note
    tip.updated_at = now
    tip.resolved_at = tip.resolved_at if not changed and tip.resolved_at else now
    tip.version += 1
    repository.add(session, tip)
    if changed:
        # A note added to an outcome already announced is not a new outcome.
        events.tip_checked(session, tip, hazard_keys=[h.hazard_key for h in repository.hazards_of(session, tip.id)])
    return tip_public(session, tip)


# The tip check (called by inspections.service.submit in its transaction)


def on_check_submitted(session: Session, *, inspection: Inspection, findings: Sequence[Finding]) -> None:
    """A tip's tip_check inspection was submitted: link its findings and settle verified / unfounded."""
    if not inspection.task_id:
        return
    tip = repository.get_tip_by_task(session, inspection.task_id)
    if tip is None:
        return
    now = clock.now()
    linked = {hazard.hazard_key for hazard in repository.hazards_of(session, tip.id)}
    items = {item.id: item for item in (session.get(ChecklistItem, finding.item_id) for finding in findings) if item}
    new = [TipHazard(tip_id=tip.id, hazard_key=finding.hazard_key, severity=finding.severity, linked_at=now,
                     title=_title(items.get(finding.item_id), finding))
           for finding in findings if finding.hazard_key not in linked]
    keys = sorted(linked | {row.hazard_key for row in new})
    outcome = "verified" if keys else "unfounded"
    # An outcome the department stated before the inspection is only ever strengthened by findings.
    status = outcome if tip.status in ("assigned", "unfounded") else tip.status
    announce = status != tip.status or bool(new)
    if status != tip.status:
        tip.resolved_at = now
    tip.status = status
    tip.inspection_id = inspection.id
    tip.updated_at = now
    tip.version += 1
    repository.add(session, *new, tip)
    if announce:
        events.tip_checked(session, tip, hazard_keys=keys)


def _title(item: ChecklistItem | None, finding: Finding) -> str:
    """What was found, in the finding's words (the reporter reads it): a check item is written as the compliant
    state, so naming it would tell the reporter the opposite; the item's text only when the finding has none."""
    words = (finding.description or "").strip() or (item.text_zh if item is not None else "")
    return words[:300]


# Response assembly


def _summary(tip: Tip, *, photo_count: int, reward_status: str | None) -> TipSummary:
    return TipSummary(
        **{name: getattr(tip, name) for name in (
            "id", "number", "category", "facility_id", "facility_name", "location", "area_code", "status",
            "assigned_department", "possible_duplicate_of", "duplicate_of", "created_at", "updated_at")},
        photo_count=photo_count, has_contact=tip.contact_ciphertext is not None, reward_status=reward_status)


def tip_public(session: Session, tip: Tip) -> TipPublic:
    """The whole case as staff see it (never the contact: that is the custodian's, through the reward)."""
    photos = repository.photos_of(session, tip.id)
    reward = repository.get_reward(session, tip.id)
    summary = _summary(tip, photo_count=len(photos), reward_status=reward.status if reward else None)
    return TipPublic(
        **summary.model_dump(),
        **{name: getattr(tip, name) for name in (
            "description", "latitude", "longitude", "campaign_id", "task_id", "inspection_id", "outcome_note",
            "closed_reason", "triaged_by_name", "triaged_at", "resolved_at", "contact_consent", "version")},
        photos=[TipPhotoPublic.model_validate(photo, from_attributes=True) for photo in photos],
        messages=[TipMessagePublic.model_validate(message, from_attributes=True)
                  for message in repository.messages_of(session, tip.id)],
        hazards=[TipHazardPublic.model_validate(hazard, from_attributes=True)
                 for hazard in repository.hazards_of(session, tip.id)],
    )
