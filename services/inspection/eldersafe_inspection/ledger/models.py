"""Inspection's copy of the rectification ledger's states (rectification owns the ledger)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import InspectionBase

# The states in which a hazard no longer needs rectifying: fixed and accepted, closed, or withdrawn by an
# amendment that found the item passed after all. Any other state (and a hazard the ledger has not taken in
# yet) is open for the classification.
RECTIFIED_STATES = ("accepted", "signed_off", "withdrawn")


class InspectionHazard(InspectionBase, table=True):
    """One ledger entry's current state, from the latest ``hazard.*`` event about it."""

    __tablename__ = "inspection_hazard"

    hazard_id: str = Field(primary_key=True, max_length=36)
    hazard_key: str = Field(max_length=200, index=True)
    campaign_id: str = Field(max_length=36, index=True)
    facility_id: str = Field(max_length=36, index=True)
    severity: str = Field(max_length=16)
    state: str = Field(max_length=16)
    # The event that wrote the row: an older event arriving late changes nothing.
    event_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class InspectionHazardKey(InspectionBase, table=True):
    """A finding's hazard key and the ledger entry that answers for it.

    Usually the entry's own key; a follow-up finding on a signed-off item reopens the earlier entry (a relapse)
    instead of opening one, so its key points at that entry too.
    """

    __tablename__ = "inspection_hazard_key"

    hazard_key: str = Field(primary_key=True, max_length=200)
    hazard_id: str = Field(max_length=36, index=True)
