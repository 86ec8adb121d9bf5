"""The inspection domain's events and their v1 payloads (the contract in DESIGN.md, "Events")."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlmodel import Session

from eldersafe_common.events import EventType, publish
from eldersafe_common.http import request_id_var

from ..checklists.models import ChecklistItem
from .models import Finding, Inspection, InspectionAmendment

PRODUCER = "inspection"


class InspectorRef(BaseModel):
    name: str
    department: str | None
    subject: str | None


class InspectionSubmittedPayload(BaseModel):
    inspection_id: str
    campaign_id: str
    facility_id: str
    area_code: str
    mode: str
    departments: list[str]
    inspectors: list[InspectorRef]
    submitted_by: str
    submitted_at: datetime
    self_check: bool
    findings_count: int


class HazardInspector(BaseModel):
    subject: str
    name: str


class HazardFoundPayload(BaseModel):
    hazard_key: str
    inspection_id: str
    campaign_id: str
    facility_id: str
    area_code: str
    department: str
    item_code: str
    item_text: str
    basis: str
    category: str
    severity: str
    criterion_code: str | None
    description: str
    measures: str | None
    photo_ids: list[str]
    inspector: HazardInspector
    found_at: datetime
    self_check: bool
    # A follow_up (回头看) hazard on an item already signed off reopens that hazard in the ledger.
    mode: str


class FindingWithdrawnPayload(BaseModel):
    """An amendment found a failed item passed after all (or fixed on the spot): the hazard it opened is void."""

    hazard_key: str
    inspection_id: str
    amendment_id: str
    campaign_id: str
    facility_id: str
    area_code: str
    department: str
    item_code: str
    reason: str
    withdrawn_by: HazardInspector
    withdrawn_at: datetime
    self_check: bool


INSPECTION_SUBMITTED = EventType("inspection.submitted", 1, InspectionSubmittedPayload)
HAZARD_FOUND = EventType("hazard.found", 1, HazardFoundPayload)
FINDING_WITHDRAWN = EventType("finding.withdrawn", 1, FindingWithdrawnPayload)


def inspection_submitted(session: Session, inspection: Inspection, *, findings_count: int) -> None:
    """Announce a submitted inspection in the caller's transaction."""
    assert inspection.submitted_by is not None and inspection.submitted_at is not None
    payload = InspectionSubmittedPayload(
        inspection_id=inspection.id, campaign_id=inspection.campaign_id, facility_id=inspection.facility_id,
        area_code=inspection.area_code, mode=inspection.mode, departments=list(inspection.departments),
        inspectors=[InspectorRef.model_validate(person) for person in inspection.inspectors],
        submitted_by=inspection.submitted_by, submitted_at=inspection.submitted_at,
        self_check=inspection.self_check, findings_count=findings_count,
    )
    publish(session, INSPECTION_SUBMITTED, subject=f"inspection:{inspection.id}", payload=payload,
            producer=PRODUCER, request_id=request_id_var.get())


def hazard_found(session: Session, inspection: Inspection, finding: Finding, item: ChecklistItem,
                 *, answer_photo_ids: list[str]) -> None:
    """Announce one hazard (a finding not fixed on the spot); the rectification ledger keys it by hazard_key."""
    photo_ids = list(dict.fromkeys([*finding.photo_ids, *answer_photo_ids]))
    payload = HazardFoundPayload(
        hazard_key=finding.hazard_key, inspection_id=inspection.id, campaign_id=inspection.campaign_id,
        facility_id=inspection.facility_id, area_code=inspection.area_code, department=finding.department,
        item_code=finding.item_code, item_text=item.text_zh, basis=item.basis, category=finding.category,
        severity=finding.severity, criterion_code=finding.criterion_code, description=finding.description,
        measures=finding.measures, photo_ids=photo_ids,
        inspector=HazardInspector(subject=finding.found_by, name=finding.found_by_name),
        found_at=finding.found_at, self_check=inspection.self_check, mode=inspection.mode,
    )
    publish(session, HAZARD_FOUND, subject=f"facility:{inspection.facility_id}", payload=payload,
            producer=PRODUCER, request_id=request_id_var.get())


def finding_withdrawn(session: Session, inspection: Inspection, finding: Finding,
                      amendment: InspectionAmendment) -> None:
    """Announce that the hazard ``finding`` opened is withdrawn by ``amendment`` (the ledger closes it)."""
    payload = FindingWithdrawnPayload(
        hazard_key=finding.hazard_key, inspection_id=inspection.id, amendment_id=amendment.id,
        campaign_id=inspection.campaign_id, facility_id=inspection.facility_id, area_code=inspection.area_code,
        department=finding.department, item_code=finding.item_code, reason=amendment.reason,
        withdrawn_by=HazardInspector(subject=amendment.amended_by, name=amendment.amended_by_name),
        withdrawn_at=amendment.amended_at, self_check=inspection.self_check,
    )
    # The facility's subject, like hazard.found: a consumer takes the withdrawal after the finding it voids.
    publish(session, FINDING_WITHDRAWN, subject=f"facility:{inspection.facility_id}", payload=payload,
            producer=PRODUCER, request_id=request_id_var.get())
