"""Answering a draft: each answer checked against its section's checklist version and the answering rules,
a failed item's finding kept in step, and the photos the answers use attached to the inspection."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal
from eldersafe_common.errors import Conflict, FieldError, Forbidden, Invalid

from ..checklists import service as checklists
from ..checklists.models import ChecklistItem
from ..photos import repository as photos
from . import access, repository
from .models import Finding, Inspection, InspectionAnswer, InspectionSection
from .public import inspection_public
from .schemas import AnswerInput, AnswersUpdate, InspectionPublic


@dataclass(frozen=True)
class Prepared:
    """One validated answer, with the result the rules settled on (an out-of-range number is a fail)."""

    data: AnswerInput
    item: ChecklistItem
    section: InspectionSection
    result: str
    severity: str | None


def save_answers(session: Session, *, principal: Principal, inspection_id: str,
                 data: AnswersUpdate) -> InspectionPublic:
    """Autosave answers of a draft: each given item is answered anew, the others stay as they were."""
    inspection = access.ensure_visible(principal, repository.get_inspection(session, inspection_id, for_update=True))
    if inspection.status != "draft":
        raise Conflict("The inspection is submitted; record an amendment instead.", code="inspection_submitted")
    prepared = prepare(session, principal=principal, inspection=inspection, answers=data.answers)
    current = {answer.item_id: answer for answer in repository.answers_of(session, inspection.id)}
    findings = {finding.answer_id: finding for finding in repository.findings_of(session, inspection.id)}
    now = clock.now()
    changed = False
    for entry in prepared:
        answer = current.get(entry.item.id)
        changed = changed or _differs(answer, findings.get(answer.id) if answer else None, entry)
        if answer is None:
            answer = InspectionAnswer(id=str(uuid.uuid4()), inspection_id=inspection.id, section_id=entry.section.id,
                                      item_id=entry.item.id, result=entry.result, answered_by=principal.subject,
                                      answered_by_name=principal.name, answered_at=now)
        fill_answer(answer, entry, principal=principal, now=now)
        repository.add(session, answer)
        finding = findings.get(answer.id)
        if entry.result == "fail":
            if finding is None:
                finding_id = str(uuid.uuid4())
                finding = Finding(id=finding_id, hazard_key=finding_id, inspection_id=inspection.id,
                                  answer_id=answer.id, **finding_fields(entry, principal=principal, now=now))
            else:
                finding.sqlmodel_update(finding_fields(entry, principal=principal, now=now))
            repository.add(session, finding)
        elif finding is not None:
            repository.delete(session, finding)
    attach_photos(session, inspection=inspection, prepared=prepared)
    if changed:
        clear_acknowledgement(inspection, now=now)  # the manager must see the changed findings again
    inspection.updated_at = now
    repository.add(session, inspection)
    return inspection_public(session, inspection)


def clear_acknowledgement(inspection: Inspection, *, now: datetime) -> None:
    """Answers or findings changed after the manager acknowledged them: the acknowledgement must be given again."""
    if inspection.acknowledged_at is None:
        return
    inspection.acknowledged_name = inspection.acknowledged_at = inspection.acknowledged_by = None
    inspection.acknowledgement_cleared_at = now


def _differs(answer: InspectionAnswer | None, finding: Finding | None, entry: Prepared) -> bool:
    """Whether saving ``entry`` changes the answer or its finding (an autosave of the same answer does not)."""
    if answer is None:
        return True
    data = entry.data
    if (answer.result, answer.number, answer.text, list(answer.photo_ids)) != (
            entry.result, data.number, data.text, list(data.photo_ids)):
        return True
    if (finding is None) != (data.finding is None):
        return True
    if finding is None or data.finding is None:
        return False
    return (finding.description, finding.severity, finding.measures, finding.fixed_on_spot,
            list(finding.photo_ids)) != (data.finding.description, entry.severity, data.finding.measures or None,
                                         data.finding.fixed_on_spot, list(data.finding.photo_ids))


def fill_answer(answer: InspectionAnswer, entry: Prepared, *, principal: Principal, now: Any) -> None:
    """Copy a prepared answer onto its row, as answered by the caller now."""
    answer.result = entry.result
    answer.number = entry.data.number
    answer.text = entry.data.text
    answer.photo_ids = list(entry.data.photo_ids)
    answer.answered_by = principal.subject
    answer.answered_by_name = principal.name or principal.subject
    answer.answered_at = now


def finding_fields(entry: Prepared, *, principal: Principal, now: Any) -> dict[str, Any]:
    """The finding columns of a failed, prepared answer."""
    finding = entry.data.finding
    assert finding is not None and entry.severity is not None
    return {
        "item_id": entry.item.id, "department": entry.section.department, "item_code": entry.item.code,
        "category": entry.item.category, "criterion_code": entry.item.criterion_code,
        "description": finding.description, "severity": entry.severity, "measures": finding.measures or None,
        "fixed_on_spot": finding.fixed_on_spot, "photo_ids": list(finding.photo_ids),
        "found_by": principal.subject, "found_by_name": principal.name or principal.subject, "found_at": now,
    }


def prepare(session: Session, *, principal: Principal, inspection: Inspection,
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


def attach_photos(session: Session, *, inspection: Inspection, prepared: Sequence[Prepared]) -> None:
    """Tie the photos the answers use to the inspection (those not yet attached)."""
    rows = photos.photos_by_id(session, [pid for entry in prepared for pid in _photo_ids(entry.data)])
    for photo in rows.values():
        if photo.inspection_id is None:
            photo.inspection_id = inspection.id
            photos.save(session, photo)
