"""The reward of one tip (``tip_reward``): one row per tip, ever, from proposal to payout.

It sits with the tips because the tips read its status (the reporter's view, the queue, the outcome that a
reward forbids); the rewards domain (``tipoffs/rewards``) runs its workflow and owns the rule. Amounts are whole
fen (分) so that no float ever touches money.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import Column, ForeignKey, String
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime, optimistic, version_column

from ...base import InspectionBase

# The database checks the version on every UPDATE (eldersafe_common.db.optimistic).
_REWARD_VERSION = version_column()


class TipReward(InspectionBase, table=True):
    """The reward for one verified tip: proposed, approved or rejected by the department head, then paid."""

    __tablename__ = "tip_reward"
    __mapper_args__: ClassVar[dict[str, Any]] = optimistic(_REWARD_VERSION)

    id: str = Field(primary_key=True, max_length=36)
    tip_id: str = Field(sa_column=Column(String(36), ForeignKey("tip.id"), nullable=False, unique=True))
    area_code: str = Field(max_length=32, index=True)
    department: str = Field(max_length=20, index=True)
    # major_hazard / illegal_operation
    basis: str = Field(max_length=20)
    fine_fen: int
    proposed_fen: int
    approved_fen: int | None = None
    # proposed / approved / rejected / paid
    status: str = Field(default="proposed", max_length=20, index=True)
    proposed_by: str = Field(max_length=64)
    proposed_by_name: str = Field(max_length=100)
    proposed_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    proposal_note: str | None = Field(default=None, max_length=1000)
    decided_by: str | None = Field(default=None, max_length=64)
    decided_by_name: str | None = Field(default=None, max_length=100)
    decided_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    decision_note: str | None = Field(default=None, max_length=1000)
    paid_on: date | None = None
    payout_reference: str | None = Field(default=None, max_length=100)
    paid_by: str | None = Field(default=None, max_length=64)
    paid_by_name: str | None = Field(default=None, max_length=100)
    paid_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    version: int = Field(default=1, sa_column=_REWARD_VERSION)
