"""What campaigns, classification and reports read from inspections (owned by the inspections domain).

One seam: these two functions are all the campaign side knows of inspection data, so tests can stand in
for them with constructed facts.
"""

from __future__ import annotations

from sqlmodel import Session

from ..inspections import queries
from ..inspections.queries import FindingFact


def covered_pairs(session: Session, *, campaign_id: str) -> set[tuple[str, str]]:
    """(facility_id, department) pairs answered by a submitted official inspection in the campaign."""
    return set(queries.covered_pairs(session, campaign_id=campaign_id))


def campaign_findings(session: Session, *, campaign_id: str) -> list[FindingFact]:
    """Every finding of the campaign's submitted official inspections."""
    return list(queries.campaign_findings(session, campaign_id=campaign_id))
