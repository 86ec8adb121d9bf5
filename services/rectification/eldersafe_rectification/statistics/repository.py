"""Every query of the statistics: the ledger's counters only, never the ledger (``hazard``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from ..ledger.models import HazardDueTally, HazardTally

AREA_CODE_LENGTH = 32


def _within(stmt: Any, column: Any, area: str) -> Any:
    """Rows whose area code starts with ``area`` (digits), as an index-friendly range."""
    if not area:
        return stmt
    return stmt.where(column >= area, column <= area + "9" * (AREA_CODE_LENGTH - len(area)))


def tally(session: Session, *, campaign_id: str | None, area: str) -> list[tuple[str, str, str, str, int]]:
    """(area_code, departments, state, severity, hazards) summed over campaigns unless one is named."""
    stmt = select(col(HazardTally.area_code), col(HazardTally.departments), col(HazardTally.state),
                  col(HazardTally.severity), func.sum(col(HazardTally.hazards)))
    if campaign_id is not None:
        stmt = stmt.where(col(HazardTally.campaign_id) == campaign_id)
    stmt = _within(stmt, col(HazardTally.area_code), area)
    stmt = stmt.group_by(HazardTally.area_code, HazardTally.departments, HazardTally.state, HazardTally.severity)
    return [tuple(row) for row in session.execute(stmt).all()]  # type: ignore[misc]


def overdue(session: Session, *, campaign_id: str | None, area: str, today: date) -> list[tuple[str, str, str, int]]:
    """(area_code, departments, severity, hazards) of the open entries whose deadline is before ``today``."""
    stmt = select(col(HazardDueTally.area_code), col(HazardDueTally.departments), col(HazardDueTally.severity),
                  func.sum(col(HazardDueTally.hazards))).where(col(HazardDueTally.deadline) < today)
    if campaign_id is not None:
        stmt = stmt.where(col(HazardDueTally.campaign_id) == campaign_id)
    stmt = _within(stmt, col(HazardDueTally.area_code), area)
    stmt = stmt.group_by(HazardDueTally.area_code, HazardDueTally.departments, HazardDueTally.severity)
    return [tuple(row) for row in session.execute(stmt).all()]  # type: ignore[misc]
