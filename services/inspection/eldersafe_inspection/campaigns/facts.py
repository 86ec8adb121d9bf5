"""What campaigns, classification and reports read from inspections (owned by the inspections domain).

The inspections domain provides ``inspections/queries.py`` with ``covered_pairs`` and ``campaign_findings``;
it is imported lazily, and until it exists a campaign simply has no inspection data yet.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Protocol

from sqlmodel import Session

_QUERIES = f"{__package__.rsplit('.', 1)[0]}.inspections.queries"


class FindingFact(Protocol):
    """The fields of ``inspections.queries.FindingFact`` used here."""

    @property
    def facility_id(self) -> str: ...
    @property
    def department(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def criterion_code(self) -> str | None: ...
    @property
    def criterion_fixable(self) -> bool: ...
    @property
    def fixed_on_spot(self) -> bool: ...
    @property
    def item_code(self) -> str: ...
    @property
    def description(self) -> str: ...


def _queries() -> ModuleType | None:
    try:
        return importlib.import_module(_QUERIES)
    except ModuleNotFoundError as exc:
        if exc.name not in (_QUERIES, _QUERIES.rsplit(".", 1)[0]):
            raise
        return None


def covered_pairs(session: Session, *, campaign_id: str) -> set[tuple[str, str]]:
    """(facility_id, department) pairs answered by a submitted official inspection in the campaign."""
    queries = _queries()
    if queries is None:
        return set()
    return set(queries.covered_pairs(session, campaign_id=campaign_id))


def campaign_findings(session: Session, *, campaign_id: str) -> list[FindingFact]:
    """Every finding of the campaign's submitted official inspections."""
    queries = _queries()
    if queries is None:
        return []
    return list(queries.campaign_findings(session, campaign_id=campaign_id))
