"""Tip rewards (举报奖励): the rule as data. The reward row itself (``tip_reward``) sits with the tips
(``tips/reward_models.py``), which read its status; this domain runs its workflow.

Amounts are whole fen (分) so that no float ever touches money.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ...base import InspectionBase


class RewardRule(InspectionBase, table=True):
    """The reward rule for a district (default: 15 % of the fine, at least ¥3,000, at most ¥300,000)."""

    __tablename__ = "reward_rule"

    area_code: str = Field(primary_key=True, max_length=32)
    percent_basis_points: int = 1500
    minimum_fen: int = 300_000
    maximum_fen: int = 30_000_000
    # Only the first valid reporter of the same facility and finding is rewarded.
    first_valid_only: bool = True
    updated_by: str | None = Field(default=None, max_length=64)
    updated_by_name: str | None = Field(default=None, max_length=100)
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
