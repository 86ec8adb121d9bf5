"""Inspections (P2, P3): drafts per campaign and facility, answers and findings, acknowledgement, submission
with its events, and amendments that keep the original record."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from eldersafe_common.auth import Principal, Role
from eldersafe_common.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from eldersafe_common.events import utcnow

from ..checklists import service as checklists
from ..checklists.models import ChecklistItem
from ..checklists.schemas import ItemPublic
from ..open_api import progress as open_api
from ..photos import repository as photos
from ..tasks import service as tasks
from ..tasks.models import InspectionTask
from ..tips import service as tips
from . import access, events, repository
from .models import (
    Finding,
    Inspection,
    InspectionAmendment,
    InspectionAnswer,
    InspectionIdempotency,
    InspectionSection,
)
from .schemas import (
    AcknowledgementCreate,
    AcknowledgementPublic,
    AmendmentChange,
    AmendmentCreate,
    AmendmentPublic,
    AnswerInput,
    AnswerPublic,
    AnswersUpdate,
    FindingPublic,
    InspectionCreate,
    InspectionFilters,
    InspectionPage,
    InspectionPublic,
    InspectionSummary,
    InspectorPublic,
    SectionPublic,
)

OPEN_TASK_STATUSES = frozenset({"planned", "in_progress"})


@dataclass(frozen=True)
class Prepared:
    """One validated answer, with the result the rules settled on (an out-of-range number is a fail)."""

    data: AnswerInput
    item: ChecklistItem
    section: InspectionSection
    result: str
    severity: str | None


# Reading


def list_inspections(session: Session, *, principal: Principal, filters: InspectionFilters, page: int,
                     page_size: int) -> InspectionPage:
    """Inspections inside the caller's area (a facility manager: their own facility), newest first."""
    access.require_reader(principal)
    own = principal.facility if principal.role is Role.facility else None
    rows, total = repository.page_inspections(session, filters, area=principal.area, facility_id=own, page=page,
                                              page_size=page_size)
    return InspectionPage(items=[_summary(row) for row in rows], total=total, page=page, page_size=page_size)


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
    target = repository.campaign_target(session, campaign_id=data.campaign_id, facility_id=data.facility_id)
    if target is None or not principal.covers(target.area_code) or (
            principal.role is Role.facility and principal.facility != target.facility_id):
        raise NotFound("The facility is not a target of this campaign in your area.", code="facility_not_found")
    campaign = repository.get_campaign(session, data.campaign_id)
    assert campaign is not None  # campaign_target joined it
    errors = _check_create(session, data=data, self_check=self_check, campaign_departments=campaign.departments)
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
    now = utcnow()
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
    if idempotency_key:
        _remember(session, InspectionIdempotency(
            subject=principal.subject, operation="create", key=idempotency_key, fingerprint=fingerprint,
            inspection_id=inspection.id, created_at=now))
    return inspection_public(session, inspection), False


def _check_create(session: Session, *, data: InspectionCreate, self_check: bool,
                  campaign_departments: Sequence[str]) -> list[FieldError]:
    errors: list[FieldError] = []
    if not self_check and campaign_departments:
        errors += [FieldError(field=f"body.departments.{i}", reason="not a department of this campaign")
                   for i, department in enumerate(data.departments) if department not in campaign_departments]
    errors += [FieldError(field=f"body.inspectors.{i}.department", reason="not one of the inspection's departments")
               for i, person in enumerate(data.inspectors) if person.department not in data.departments]
    if data.task_id is not None:
        task = session.get(InspectionTask, data.task_id)
        if self_check:
            errors.append(FieldError(field="body.task_id", reason="a self-check carries no task"))
        elif task is None or task.campaign_id != data.campaign_id or task.facility_id != data.facility_id:
            errors.append(FieldError(field="body.task_id", reason="no such task for this campaign and facility"))
        elif task.status not in OPEN_TASK_STATUSES:
            errors.append(FieldError(field="body.task_id", reason=f"the task is {task.status}"))
    return errors


def _remember(session: Session, record: InspectionIdempotency) -> None:
    """Store an idempotency record; a concurrent request with the same key loses with 409."""
    try:
        with session.begin_nested():
            session.add(record)
    except IntegrityError as exc:
        raise Conflict("A request with this Idempotency-Key is already being processed.",
                       code="idempotency_key_in_use") from exc


# Answering


def save_answers(session: Session, *, principal: Principal, inspection_id: str,
                 data: AnswersUpdate) -> InspectionPublic:
    """Autosave answers of a draft: each given item is answered anew, the others stay as they were."""
    inspection = access.ensure_visible(principal, repository.get_inspection(session, inspection_id, for_update=True))
    if inspection.status != "draft":
        raise Conflict("The inspection is submitted; record an amendment instead.", code="inspection_submitted")
    prepared = _prepare(session, principal=principal, inspection=inspection, answers=data.answers)
    current = {answer.item_id: answer for answer in repository.answers_of(session, inspection.id)}
    findings = {finding.answer_id: finding for finding in repository.findings_of(session, inspection.id)}
    now = utcnow()
    for entry in prepared:
        answer = current.get(entry.item.id)
        if answer is None:
            answer = InspectionAnswer(id=str(uuid.uuid4()), inspection_id=inspection.id, section_id=entry.section.id,
                                      item_id=entry.item.id, result=entry.result, answered_by=principal.subject,
                                      answered_by_name=principal.name, answered_at=now)
        _fill_answer(answer, entry, principal=principal, now=now)
        repository.add(session, answer)
        finding = findings.get(answer.id)
        if entry.result == "fail":
            if finding is None:
                finding_id = str(uuid.uuid4())
                finding = Finding(id=finding_id, hazard_key=finding_id, inspection_id=inspection.id,
                                  answer_id=answer.id, **_finding_fields(entry, principal=principal, now=now))
            else:
                finding.sqlmodel_update(_finding_fields(entry, principal=principal, now=now))
            repository.add(session, finding)
        elif finding is not None:
            repository.delete(session, finding)
    _attach_photos(session, inspection=inspection, prepared=prepared)
    inspection.updated_at = now
    repository.add(session, inspection)
    return inspection_public(session, inspection)


def _fill_answer(answer: InspectionAnswer, entry: Prepared, *, principal: Principal, now: Any) -> None:
    answer.result = entry.result
    answer.number = entry.data.number
    answer.text = entry.data.text
    answer.photo_ids = list(entry.data.photo_ids)
    answer.answered_by = principal.subject
    answer.answered_by_name = principal.name or principal.subject
    answer.answered_at = now


def _finding_fields(entry: Prepared, *, principal: Principal, now: Any) -> dict[str, Any]:
    finding = entry.data.finding
    assert finding is not None and entry.severity is not None
    return {
        "item_id": entry.item.id, "department": entry.section.department, "item_code": entry.item.code,
        "category": entry.item.category, "criterion_code": entry.item.criterion_code,
        "description": finding.description, "severity": entry.severity, "measures": finding.measures or None,
        "fixed_on_spot": finding.fixed_on_spot, "photo_ids": list(finding.photo_ids),
        "found_by": principal.subject, "found_by_name": principal.name or principal.subject, "found_at": now,
    }


def _prepare(session: Session, *, principal: Principal, inspection: Inspection,
             answers: Sequence[AnswerInput]) -> list[Prepared]:
    """Check every answer against the sections' checklist versions and the answering rules."""
    sections = repository.sections_of(session, inspection.id)
    items: dict[str, tuple[ChecklistItem, InspectionSection]] = {}
    for section in sections:
        for item in checklists.version_items(session, version_id=section.checklist_version_id):
            items[item.id] = (item, section)
    unknown = [FieldError(field=f"body.answers.{i}.item_id", reason="not an item of this inspection's checklists")
               for i, answer in enumerate(answers) if answer.item_id not in items]
    if unknown:
        raise Invalid("Some answers are for items this inspection does not contain.", code="unknown_item",
                      errors=unknown)
    for answer in answers:
        section = items[answer.item_id][1]
        if not access.may_answer(principal, inspection, section):
            raise Forbidden(f"You may not answer the {section.department} section.", code="section_forbidden")
    photo_rows = photos.photos_by_id(session, [pid for answer in answers for pid in _photo_ids(answer)])
    errors: list[FieldError] = []
    prepared: list[Prepared] = []
    seen: set[str] = set()
    for i, answer in enumerate(answers):
        item, section = items[answer.item_id]
        where = f"body.answers.{i}"
        if answer.item_id in seen:
            errors.append(FieldError(field=f"{where}.item_id", reason="the item is answered twice"))
        seen.add(answer.item_id)
        result, severity, answer_errors = _judge(answer, item, where=where)
        errors += answer_errors
        errors += _check_photos(answer, photo_rows, principal=principal, inspection=inspection, where=where)
        prepared.append(Prepared(data=answer, item=item, section=section, result=result, severity=severity))
    if errors:
        raise Invalid("Some answers are invalid.", code="validation_failed", errors=errors)
    return prepared


def _judge(answer: AnswerInput, item: ChecklistItem, *, where: str) -> tuple[str, str | None, list[FieldError]]:
    """The result the rules settle on, the finding's severity, and what is wrong with the answer."""
    errors: list[FieldError] = []
    result = answer.result
    if item.answer_type == "number" and result != "not_applicable":
        if answer.number is None:
            errors.append(FieldError(field=f"{where}.number", reason="this item is answered with a number"))
        elif (item.number_min is not None and answer.number < item.number_min) or (
                item.number_max is not None and answer.number > item.number_max):
            result = "fail"  # outside the permitted range the item fails, whatever the inspector ticked
    elif answer.number is not None:
        errors.append(FieldError(field=f"{where}.number", reason="this item takes no number"))
    finding = answer.finding
    severity: str | None = None
    if result == "fail":
        if finding is None or not finding.description:
            reason = "a failed item needs a finding with a description"
            if answer.result != "fail":
                reason = f"the number lies outside {item.number_min}–{item.number_max}: {reason}"
            errors.append(FieldError(field=f"{where}.finding", reason=reason))
        else:
            preset = "major" if item.major_hazard else "ordinary"
            severity = finding.severity or preset
            if preset == "major" and severity != "major":
                errors.append(FieldError(field=f"{where}.finding.severity",
                                         reason="a major-hazard item cannot be recorded as ordinary"))
    elif finding is not None:
        errors.append(FieldError(field=f"{where}.finding", reason="only a failed item has a finding"))
    needs_photo = item.photo_required or item.answer_type == "photo"
    if needs_photo and result != "not_applicable" and not _photo_ids(answer):
        errors.append(FieldError(field=f"{where}.photo_ids", reason="this item needs at least one photo"))
    return result, severity, errors


def _photo_ids(answer: AnswerInput) -> list[str]:
    return [*answer.photo_ids, *(answer.finding.photo_ids if answer.finding else [])]


def _check_photos(answer: AnswerInput, rows: dict[str, Any], *, principal: Principal, inspection: Inspection,
                  where: str) -> list[FieldError]:
    lists = [(f"{where}.photo_ids", answer.photo_ids)]
    if answer.finding is not None:
        lists.append((f"{where}.finding.photo_ids", answer.finding.photo_ids))
    errors = []
    for field, ids in lists:
        for j, photo_id in enumerate(ids):
            photo = rows.get(photo_id)
            usable = photo is not None and (
                photo.inspection_id == inspection.id
                or (photo.inspection_id is None and photo.uploaded_by == principal.subject))
            if not usable:
                errors.append(FieldError(field=f"{field}.{j}",
                                         reason="no such photo uploaded by you or attached to this inspection"))
    return errors


def _attach_photos(session: Session, *, inspection: Inspection, prepared: Sequence[Prepared]) -> None:
    rows = photos.photos_by_id(session, [pid for entry in prepared for pid in _photo_ids(entry.data)])
    for photo in rows.values():
        if photo.inspection_id is None:
            photo.inspection_id = inspection.id
            photos.save(session, photo)


# Acknowledging and submitting


def acknowledge(session: Session, *, principal: Principal, inspection_id: str,
                data: AcknowledgementCreate) -> InspectionPublic:
    """Record the facility manager's acknowledgement (name and time), once."""
    inspection = access.ensure_visible(principal, repository.get_inspection(session, inspection_id, for_update=True))
    access.require_acknowledger(principal, inspection)
    if inspection.acknowledged_at is not None:
        raise Conflict("The inspection is already acknowledged.", code="already_acknowledged")
    now = utcnow()
    inspection.acknowledged_name = data.name
    inspection.acknowledged_at = now
    inspection.acknowledged_by = principal.subject
    inspection.updated_at = now
    repository.add(session, inspection)
    return inspection_public(session, inspection)


def submit(session: Session, *, principal: Principal, inspection_id: str,
           idempotency_key: str | None) -> InspectionPublic:
    """Make the inspection final and announce it and its hazards; the same key replays the first result."""
    inspection = access.ensure_visible(principal, repository.get_inspection(session, inspection_id, for_update=True))
    access.require_submitter(principal, inspection)
    if idempotency_key:
        record = repository.get_idempotency(session, subject=principal.subject, operation="submit",
                                            key=idempotency_key)
        if record is not None:
            if record.inspection_id != inspection.id or record.response is None:
                raise Conflict("This Idempotency-Key was used for another request.", code="idempotency_key_reused")
            return InspectionPublic.model_validate(record.response)
    if inspection.status != "draft":
        raise Conflict("The inspection is already submitted.", code="already_submitted")
    answered = {answer.item_id for answer in repository.answers_of(session, inspection.id)}
    missing = [
        FieldError(field=f"sections.{section.department}.items.{item.code}", reason="not answered")
        for section in repository.sections_of(session, inspection.id)
        for item in checklists.version_items(session, version_id=section.checklist_version_id)
        if item.id not in answered
    ]
    if missing:
        raise Invalid(f"{len(missing)} items are not answered.", code="unanswered_items", errors=missing)
    now = utcnow()
    inspection.status = "submitted"
    inspection.submitted_at = now
    inspection.submitted_by = principal.subject
    inspection.updated_at = now
    repository.add(session, inspection)
    findings = repository.findings_of(session, inspection.id)
    events.inspection_submitted(session, inspection, findings_count=len(findings))
    _announce(session, inspection, [finding for finding in findings if not finding.fixed_on_spot])
    if inspection.task_id:
        tasks.mark_task_done(session, task_id=inspection.task_id, inspection_id=inspection.id)
        tips.on_check_submitted(session, inspection=inspection, findings=findings)
    open_api.campaign_progressed(session, campaign_id=inspection.campaign_id)
    public = inspection_public(session, inspection)
    if idempotency_key:
        _remember(session, InspectionIdempotency(
            subject=principal.subject, operation="submit", key=idempotency_key, fingerprint=inspection.id,
            inspection_id=inspection.id, response=public.model_dump(mode="json"), created_at=now))
    return public


def _announce(session: Session, inspection: Inspection, findings: Sequence[Finding]) -> None:
    """One hazard.found per finding, with the item it failed and the photos of its answer."""
    if not findings:
        return
    answers = repository.answers_by_id(session, [finding.answer_id for finding in findings])
    items: dict[str, ChecklistItem] = {}
    for section in repository.sections_of(session, inspection.id):
        items.update((item.id, item) for item in checklists.version_items(session,
                                                                           version_id=section.checklist_version_id))
    for finding in findings:
        events.hazard_found(session, inspection, finding, items[finding.item_id],
                            answer_photo_ids=list(answers[finding.answer_id].photo_ids))


# Amending


def amend(session: Session, *, principal: Principal, inspection_id: str, data: AmendmentCreate) -> InspectionPublic:
    """Change answers after submission: the originals stay, the amendment records who, when and why."""
    inspection = access.ensure_visible(principal, repository.get_inspection(session, inspection_id, for_update=True))
    if inspection.status != "submitted":
        raise Conflict("A draft is changed by saving answers, not by an amendment.", code="inspection_not_submitted")
    prepared = _prepare(session, principal=principal, inspection=inspection, answers=data.answers)
    now = utcnow()
    amendment = InspectionAmendment(id=str(uuid.uuid4()), inspection_id=inspection.id, reason=data.reason,
                                    amended_by=principal.subject, amended_by_name=principal.name or principal.subject,
                                    amended_at=now)
    repository.add(session, amendment)
    current = {answer.item_id: answer for answer in repository.answers_of(session, inspection.id)}
    findings = {finding.answer_id: finding for finding in repository.findings_of(session, inspection.id)}
    new_hazards: list[Finding] = []
    for entry in prepared:
        before = current.get(entry.item.id)
        before_finding = findings.get(before.id) if before else None
        if before is not None:
            before.current = False
            repository.add(session, before)
        if before_finding is not None:
            before_finding.current = False
            repository.add(session, before_finding)
        answer = InspectionAnswer(id=str(uuid.uuid4()), inspection_id=inspection.id, section_id=entry.section.id,
                                  item_id=entry.item.id, result=entry.result, answered_by=principal.subject,
                                  answered_by_name=principal.name, answered_at=now, amendment_id=amendment.id,
                                  replaces_id=before.id if before else None)
        _fill_answer(answer, entry, principal=principal, now=now)
        repository.add(session, answer)
        if entry.result != "fail":
            continue
        finding_id = str(uuid.uuid4())
        # A failure that was already announced keeps its hazard key: the ledger must not count it twice.
        announced = before_finding is not None and not before_finding.fixed_on_spot
        finding = Finding(id=finding_id, hazard_key=before_finding.hazard_key if announced and before_finding
                          else finding_id, inspection_id=inspection.id, answer_id=answer.id,
                          amendment_id=amendment.id, **_finding_fields(entry, principal=principal, now=now))
        repository.add(session, finding)
        if not announced and not finding.fixed_on_spot:
            new_hazards.append(finding)
    _attach_photos(session, inspection=inspection, prepared=prepared)
    _announce(session, inspection, new_hazards)
    if inspection.task_id:
        # A failure added by amendment is as much the tip check's finding as one submitted with it.
        tips.on_check_submitted(session, inspection=inspection, findings=repository.findings_of(session, inspection.id))
    inspection.updated_at = now
    repository.add(session, inspection)
    return inspection_public(session, inspection)


# Response assembly


def _summary(inspection: Inspection) -> InspectionSummary:
    return InspectionSummary.model_validate(inspection, from_attributes=True)


def _finding_public(finding: Finding) -> FindingPublic:
    return FindingPublic.model_validate(finding, from_attributes=True)


def inspection_public(session: Session, inspection: Inspection) -> InspectionPublic:
    """The whole inspection as clients see it."""
    sections = repository.sections_of(session, inspection.id)
    department_of = {section.id: section.department for section in sections}
    all_answers = repository.answers_of(session, inspection.id, current_only=False)
    all_findings = repository.findings_of(session, inspection.id, current_only=False)
    finding_of = {finding.answer_id: finding for finding in all_findings}

    def answer_public(answer: InspectionAnswer) -> AnswerPublic:
        finding = finding_of.get(answer.id)
        return AnswerPublic(
            id=answer.id, item_id=answer.item_id, department=department_of[answer.section_id], result=answer.result,
            number=answer.number, text=answer.text, photo_ids=list(answer.photo_ids),
            answered_by=answer.answered_by, answered_by_name=answer.answered_by_name,
            answered_at=answer.answered_at, amendment_id=answer.amendment_id,
            finding=_finding_public(finding) if finding else None,
        )

    by_id = {answer.id: answer for answer in all_answers}
    amendments = [
        AmendmentPublic(
            id=amendment.id, reason=amendment.reason, amended_by=amendment.amended_by,
            amended_by_name=amendment.amended_by_name, amended_at=amendment.amended_at,
            changes=[AmendmentChange(item_id=answer.item_id,
                                     before=answer_public(by_id[answer.replaces_id]) if answer.replaces_id else None,
                                     after=answer_public(answer))
                     for answer in all_answers if answer.amendment_id == amendment.id],
        )
        for amendment in repository.amendments_of(session, inspection.id)
    ]
    acknowledgement = None
    if inspection.acknowledged_at is not None:
        acknowledgement = AcknowledgementPublic(name=inspection.acknowledged_name or "",
                                                acknowledged_at=inspection.acknowledged_at,
                                                recorded_by=inspection.acknowledged_by or "")
    return InspectionPublic(
        **_summary(inspection).model_dump(),
        inspectors=[InspectorPublic.model_validate({"subject": None, **person}) for person in inspection.inspectors],
        latitude=inspection.latitude, longitude=inspection.longitude, submitted_by=inspection.submitted_by,
        updated_at=inspection.updated_at,
        sections=[SectionPublic(id=section.id, department=section.department,
                                checklist_version_id=section.checklist_version_id,
                                items=[ItemPublic.model_validate(item) for item in checklists.version_items(
                                    session, version_id=section.checklist_version_id)])
                  for section in sections],
        answers=[answer_public(answer) for answer in all_answers if answer.current],
        findings=[_finding_public(finding) for finding in all_findings if finding.current],
        acknowledgement=acknowledgement,
        amendments=amendments,
    )
