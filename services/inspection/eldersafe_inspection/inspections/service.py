"""Inspections (P2, P3): drafts per campaign and facility, answers and findings, acknowledgement, submission
with its events, and amendments that keep the original record.

This module reads and creates; answering lives in ``answers``, acknowledgement, submission and amendments in
``submission``, the response in ``public``. Their entry points are re-exported here for the router.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal, Role
from eldersafe_common.errors import Conflict, FieldError, Invalid

from ..campaigns import service as campaigns
from ..campaigns.models import Campaign
from ..checklists import service as checklists
from ..tasks import service as tasks
from ..tasks.models import InspectionTask
from . import access, repository
from .answers import save_answers
from .idempotency import remember
from .models import Inspection, InspectionIdempotency, InspectionSection
from .public import inspection_public, summary
from .schemas import InspectionCreate, InspectionFilters, InspectionPage, InspectionPublic
from .submission import acknowledge, amend, submit

__all__ = ["acknowledge", "amend", "create_inspection", "get_inspection", "inspection_public", "list_inspections",
           "save_answers", "submit"]

OPEN_TASK_STATUSES = frozenset({"planned", "in_progress"})
# Inspections of a campaign belong to its survey and rectification phases (work plan 三); a follow-up visit or a
# tip check the campaign scheduled may come later (or earlier), and a facility's self-check at any time.
INSPECTION_PHASES = ("survey", "rectification")
SCHEDULED_ANY_TIME = frozenset({"follow_up", "tip_check"})


# Reading


def list_inspections(session: Session, *, principal: Principal, filters: InspectionFilters, page: int,
                     page_size: int) -> InspectionPage:
    """Inspections inside the caller's area (a facility manager: their own facility), newest first."""
    access.require_reader(principal)
    own = principal.facility if principal.role is Role.facility else None
    rows, total = repository.page_inspections(session, filters, area=principal.area, facility_id=own, page=page,
                                              page_size=page_size)
    return InspectionPage(items=[summary(row) for row in rows], total=total, page=page, page_size=page_size)


def get_inspection(session: Session, *, principal: Principal, inspection_id: str) -> InspectionPublic:
    """One inspection with its sections, current answers and findings, acknowledgement and amendments."""
    inspection = access.ensure_visible(principal, repository.get_inspection(session, inspection_id))
    return inspection_public(session, inspection)


# Creating


def create_inspection(session: Session, *, principal: Principal, data: InspectionCreate,
                      idempotency_key: str | None) -> tuple[InspectionPublic, bool]:
    """A draft with one section per department; returns the draft and whether it is a replay of ``key``."""
    self_check = data.mode == "self_check"
    access.require_reader(principal)
    access.require_creator(principal, self_check=self_check)
    fingerprint = hashlib.sha256(data.model_dump_json().encode()).hexdigest()
    if idempotency_key:
        record = repository.get_idempotency(session, subject=principal.subject, operation="create",
                                            key=idempotency_key)
        if record is not None:
            if record.fingerprint != fingerprint:
                raise Conflict("This Idempotency-Key was used for another request.", code="idempotency_key_reused")
            inspection = access.ensure_visible(principal, repository.get_inspection(session, record.inspection_id))
            return inspection_public(session, inspection), True
    campaign = repository.get_campaign(session, data.campaign_id)
    if campaign is None or not campaigns.covers_or_inside(principal, campaign):
        raise Invalid("No such campaign.", code="campaign_not_found",
                      errors=[FieldError(field="body.campaign_id", reason="no such campaign in your area")])
    target = repository.campaign_target(session, campaign_id=data.campaign_id, facility_id=data.facility_id)
    if target is None or not principal.covers(target.area_code) or (
            principal.role is Role.facility and principal.facility != target.facility_id):
        raise Invalid("The facility is not a target of this campaign in your area.", code="facility_not_found",
                      errors=[FieldError(field="body.facility_id",
                                         reason="not an included target of the campaign in your area")])
    task = session.get(InspectionTask, data.task_id) if data.task_id else None
    errors = _check_create(data=data, task=task, self_check=self_check, campaign_departments=campaign.departments)
    if not errors and not self_check:
        _require_phase(campaign, task=task)
    versions: list[str] = []
    for index, department in enumerate(data.departments):
        version = checklists.current_version_for(session, department=department)
        if version is None:
            errors.append(FieldError(field=f"body.departments.{index}",
                                     reason=f"the {department} department has no published checklist"))
        else:
            versions.append(version.id)
    if errors:
        raise Invalid("The inspection cannot be created.", code="validation_failed", errors=errors)
    now = clock.now()
    inspection = Inspection(
        id=str(uuid.uuid4()), campaign_id=data.campaign_id, facility_id=target.facility_id,
        area_code=target.area_code, mode=data.mode, self_check=self_check, departments=list(data.departments),
        inspectors=[person.model_dump() for person in data.inspectors], task_id=data.task_id, status="draft",
        started_at=data.started_at, latitude=data.latitude, longitude=data.longitude, created_at=now,
        created_by=principal.subject, created_by_name=principal.name or principal.subject, updated_at=now,
    )
    repository.add(session, inspection)
    repository.add(session, *[
        InspectionSection(id=str(uuid.uuid4()), inspection_id=inspection.id, position=position,
                          department=department, checklist_version_id=version_id)
        for position, (department, version_id) in enumerate(zip(data.departments, versions, strict=True))
    ])
    if task is not None:
        tasks.mark_task_in_progress(session, task_id=task.id, inspection_id=inspection.id)
    if idempotency_key:
        remember(session, InspectionIdempotency(
            subject=principal.subject, operation="create", key=idempotency_key, fingerprint=fingerprint,
            inspection_id=inspection.id, created_at=now))
    return inspection_public(session, inspection), False


def _require_phase(campaign: Campaign, *, task: InspectionTask | None) -> None:
    """Refuse an official inspection outside the survey and rectification phases, unless the campaign scheduled
    it as a follow-up visit or a tip check."""
    if task is not None and task.mode in SCHEDULED_ANY_TIME:
        return
    phase = campaigns.current_phase(campaign, on=campaigns.today())
    if phase in INSPECTION_PHASES:
        return
    raise Conflict(
        f"The campaign is {phase} today ({campaigns.today()}): its inspections belong to the survey phase "
        f"({campaign.survey_start} to {campaign.survey_end}) and the rectification phase "
        f"({campaign.rectification_start} to {campaign.rectification_end}); only follow-up visits and tip checks "
        "it scheduled come at other times.", code="outside_campaign_phase", reason=phase)


def _check_create(*, data: InspectionCreate, task: InspectionTask | None, self_check: bool,
                  campaign_departments: Sequence[str]) -> list[FieldError]:
    errors: list[FieldError] = []
    if not self_check and campaign_departments:
        errors += [FieldError(field=f"body.departments.{i}", reason="not a department of this campaign")
                   for i, department in enumerate(data.departments) if department not in campaign_departments]
    errors += [FieldError(field=f"body.inspectors.{i}.department", reason="not one of the inspection's departments")
               for i, person in enumerate(data.inspectors) if person.department not in data.departments]
    if data.task_id is not None:
        if self_check:
            errors.append(FieldError(field="body.task_id", reason="a self-check carries no task"))
        elif task is None or task.campaign_id != data.campaign_id or task.facility_id != data.facility_id:
            errors.append(FieldError(field="body.task_id", reason="no such task for this campaign and facility"))
        elif task.status not in OPEN_TASK_STATUSES:
            errors.append(FieldError(field="body.task_id", reason=f"the task is {task.status}"))
        else:
            errors += [FieldError(field=f"body.departments.{i}", reason="not a department of the task")
                       for i, department in enumerate(data.departments) if department not in task.departments]
    return errors
