"""Read-only facts about a campaign's inspections, for the campaigns, classification and report domains (the
campaign side reads them through ``campaigns/facts.py``, which ``wiring.install`` points here)."""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from ..campaigns.facts import FindingFact
from ..checklists.models import MajorHazardCriterion
from ..ledger.models import InspectionHazard, InspectionHazardKey
from .models import Finding, Inspection, InspectionSection


def _official(campaign_id: str) -> tuple[ColumnElement[bool], ...]:
    return (col(Inspection.campaign_id) == campaign_id, col(Inspection.status) == "submitted",
            col(Inspection.self_check).is_(False))


def covered_pairs(session: Session, *, campaign_id: str) -> set[tuple[str, str]]:
    """(facility_id, department) pairs answered by a submitted official (non-self-check) inspection.

    Submission requires every item of every section to be answered, so each section of a submitted
    inspection counts.
    """
    stmt = (
        select(Inspection.facility_id, InspectionSection.department)
        .join(InspectionSection, col(InspectionSection.inspection_id) == col(Inspection.id))
        .where(*_official(campaign_id))
        .distinct()
    )
    return {(facility_id, department) for facility_id, department in session.exec(stmt)}


def campaign_findings(session: Session, *, campaign_id: str) -> list[FindingFact]:
    """The current findings (amendments applied) of the campaign's submitted official inspections, each with the
    ledger's state of its hazard (through the key, which a relapse links to the entry it reopened)."""
    stmt = (
        select(Finding, Inspection.facility_id, MajorHazardCriterion.fixable, InspectionHazard.state)
        .join(Inspection, col(Inspection.id) == col(Finding.inspection_id))
        .outerjoin(MajorHazardCriterion, col(MajorHazardCriterion.code) == col(Finding.criterion_code))
        .outerjoin(InspectionHazardKey, col(InspectionHazardKey.hazard_key) == col(Finding.hazard_key))
        .outerjoin(InspectionHazard, col(InspectionHazard.hazard_id) == col(InspectionHazardKey.hazard_id))
        .where(*_official(campaign_id), col(Finding.current).is_(True))
        .order_by(col(Inspection.facility_id), col(Finding.found_at), col(Finding.id))
    )
    return [
        FindingFact(
            facility_id=facility_id, department=finding.department, category=finding.category,
            severity=finding.severity, criterion_code=finding.criterion_code,
            criterion_fixable=True if fixable is None else bool(fixable), fixed_on_spot=finding.fixed_on_spot,
            item_code=finding.item_code, description=finding.description, hazard_key=finding.hazard_key,
            ledger_state=state,
        )
        for finding, facility_id, fixable, state in session.exec(stmt)
    ]


def campaigns_of_hazard(session: Session, *, hazard_id: str) -> set[str]:
    """The campaigns whose inspections found a hazard the ledger entry answers for (its own key or a relapse's)."""
    keys = select(InspectionHazardKey.hazard_key).where(InspectionHazardKey.hazard_id == hazard_id)
    stmt = (select(Inspection.campaign_id).join(Finding, col(Finding.inspection_id) == col(Inspection.id))
            .where(col(Finding.hazard_key).in_(keys)).distinct())
    return set(session.exec(stmt))
