"""What campaigns, classification and reports read from inspections: two questions, one seam.

The inspections depend on campaigns (phases, areas), so the campaign side cannot import them: the inspections'
queries answer through a source the app and worker factories install (``wiring.install`` passes
``inspections.queries``). Tests may stand in for the two functions with constructed facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlmodel import Session

from ..ledger.models import RECTIFIED_STATES


@dataclass(frozen=True)
class FindingFact:
    """A current finding of a submitted official inspection, with what classification needs to know."""

    facility_id: str
    department: str
    category: str
    severity: str
    criterion_code: str | None
    criterion_fixable: bool
    fixed_on_spot: bool
    item_code: str
    description: str
    hazard_key: str = ""
    # The ledger's current state of the hazard the finding opened; None until the ledger has taken it in.
    ledger_state: str | None = None

    @property
    def rectified(self) -> bool:
        """Fixed on the spot, or closed in the ledger (accepted, signed off, withdrawn)."""
        return self.fixed_on_spot or self.ledger_state in RECTIFIED_STATES


class InspectionFacts(Protocol):
    """The inspections' answers (``inspections/queries.py`` is one)."""

    def covered_pairs(self, session: Session, *, campaign_id: str) -> Iterable[tuple[str, str]]: ...

    def campaign_findings(self, session: Session, *, campaign_id: str) -> Iterable[FindingFact]: ...


_source: InspectionFacts | None = None


def answer_from(source: InspectionFacts) -> None:
    """Install the inspections' answers (the app and worker factories do, through ``wiring.install``)."""
    global _source
    _source = source


def _inspections() -> InspectionFacts:
    if _source is None:
        raise RuntimeError("No source of inspection facts: call eldersafe_inspection.wiring.install() first")
    return _source


def covered_pairs(session: Session, *, campaign_id: str) -> set[tuple[str, str]]:
    """(facility_id, department) pairs answered by a submitted official inspection in the campaign."""
    return set(_inspections().covered_pairs(session, campaign_id=campaign_id))


def campaign_findings(session: Session, *, campaign_id: str) -> list[FindingFact]:
    """Every finding of the campaign's submitted official inspections."""
    return list(_inspections().campaign_findings(session, campaign_id=campaign_id))
