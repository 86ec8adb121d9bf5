"""After the draft: the facility manager's acknowledgement, submission with its events, and amendments that keep
the original record."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal
from eldersafe_common.errors import Conflict, FieldError, Invalid

from ..campaigns import progress
from ..checklists import service as checklists
from ..checklists.models import ChecklistItem
from ..tasks import service as tasks
from . import access, events, hooks, repository
from .answers import attach_photos, clear_acknowledgement, fill_answer, finding_fields, prepare
from .idempotency import remember
from .models import Finding, Inspection, InspectionAmendment, InspectionAnswer, InspectionIdempotency
from .public import inspection_public
from .schemas import AcknowledgementCreate, AmendmentCreate, InspectionPublic

# Acknowledging and submitting


def acknowledge(session: Session, *, principal: Principal, inspection_id: str,
                data: AcknowledgementCreate) -> InspectionPublic:
    """Record the facility manager's acknowledgement of the findings (name and time), once per version of them."""
    inspection = access.ensure_visible(principal, repository.get_inspection(session, inspection_id, for_update=True))
    access.require_acknowledger(principal, inspection)
    if inspection.acknowledged_at is not None:
        raise Conflict("The inspection is already acknowledged.", code="already_acknowledged")
    if not repository.answers_of(session, inspection.id):
        # The manager acknowledges what was found: with nothing answered there is nothing to have seen.
        raise Conflict("The inspection has no answers to acknowledge yet.", code="nothing_to_acknowledge")
    now = clock.now()
    inspection.acknowledged_name = data.name
    inspection.acknowledged_at = now
    inspection.acknowledged_by = principal.subject
    inspection.acknowledgement_cleared_at = None
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
    now = clock.now()
    inspection.status = "submitted"
    inspection.submitted_at = now
    inspection.submitted_by = principal.subject
    inspection.updated_at = now
    repository.add(session, inspection)
    findings = repository.findings_of(session, inspection.id)
    events.inspection_submitted(session, inspection, findings_count=len(findings))
    _announce(session, inspection, [finding for finding in findings if not finding.fixed_on_spot])
    if inspection.task_id:
        tasks.on_inspection_submitted(session, task_id=inspection.task_id, inspection_id=inspection.id)
        hooks.check_submitted(session, inspection=inspection, findings=findings)
    progress.campaign_progressed(session, campaign_id=inspection.campaign_id)
    public = inspection_public(session, inspection)
    if idempotency_key:
        remember(session, InspectionIdempotency(
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
    prepared = prepare(session, principal=principal, inspection=inspection, answers=data.answers)
    now = clock.now()
    amendment = InspectionAmendment(id=str(uuid.uuid4()), inspection_id=inspection.id, reason=data.reason,
                                    amended_by=principal.subject, amended_by_name=principal.name or principal.subject,
                                    amended_at=now)
    repository.add(session, amendment)
    current = {answer.item_id: answer for answer in repository.answers_of(session, inspection.id)}
    findings = {finding.answer_id: finding for finding in repository.findings_of(session, inspection.id)}
    new_hazards: list[Finding] = []
    withdrawn: list[Finding] = []
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
        fill_answer(answer, entry, principal=principal, now=now)
        repository.add(session, answer)
        # A failure that was already announced opened a hazard in the ledger under its key.
        announced = before_finding is not None and not before_finding.fixed_on_spot
        still_open = entry.result == "fail" and entry.data.finding is not None and not entry.data.finding.fixed_on_spot
        if announced and before_finding is not None and not still_open:
            # Passed (or not applicable, or fixed on the spot) after all: the hazard it opened is withdrawn.
            withdrawn.append(before_finding)
        if entry.result != "fail":
            continue
        finding_id = str(uuid.uuid4())
        # A failure restated keeps its hazard key: the ledger must not count it twice.
        finding = Finding(id=finding_id, hazard_key=before_finding.hazard_key if announced and before_finding
                          and still_open else finding_id, inspection_id=inspection.id, answer_id=answer.id,
                          amendment_id=amendment.id, **finding_fields(entry, principal=principal, now=now))
        repository.add(session, finding)
        if not (announced and still_open) and not finding.fixed_on_spot:
            new_hazards.append(finding)
    attach_photos(session, inspection=inspection, prepared=prepared)
    for finding in withdrawn:
        events.finding_withdrawn(session, inspection, finding, amendment)
    _announce(session, inspection, new_hazards)
    if inspection.task_id:
        # A failure added by amendment is as much the tip check's finding as one submitted with it.
        hooks.check_submitted(session, inspection=inspection, findings=repository.findings_of(session, inspection.id))
    clear_acknowledgement(inspection, now=now)  # the findings changed: the manager must see them again
    inspection.updated_at = now
    repository.add(session, inspection)
    progress.campaign_progressed(session, campaign_id=inspection.campaign_id)
    return inspection_public(session, inspection)
