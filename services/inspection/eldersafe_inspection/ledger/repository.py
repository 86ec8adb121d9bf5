"""Queries on the ledger copy."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from .models import InspectionHazard, InspectionHazardKey


def get_hazard(session: Session, hazard_id: str) -> InspectionHazard | None:
    return session.get(InspectionHazard, hazard_id)


def link_keys(session: Session, *, hazard_id: str, keys: Iterable[str]) -> None:
    """Point each key at the entry (a key once linked stays with its entry)."""
    for key in dict.fromkeys(keys):
        if session.get(InspectionHazardKey, key) is None:
            session.add(InspectionHazardKey(hazard_key=key, hazard_id=hazard_id))
