"""The inspection as clients see it: sections with their items, current answers and findings, the
acknowledgement, and each amendment with the answers it replaced."""

from __future__ import annotations

from sqlmodel import Session

from ..checklists import service as checklists
from ..checklists.schemas import ItemPublic
from . import repository
from .models import Finding, Inspection, InspectionAnswer
from .schemas import (
    AcknowledgementPublic,
    AmendmentChange,
    AmendmentPublic,
    AnswerPublic,
    FindingPublic,
    InspectionPublic,
    InspectionSummary,
    InspectorPublic,
    SectionPublic,
)


def summary(inspection: Inspection) -> InspectionSummary:
    """The inspection as a list row."""
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
        **summary(inspection).model_dump(),
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
        acknowledgement_cleared_at=inspection.acknowledgement_cleared_at,
        amendments=amendments,
    )
