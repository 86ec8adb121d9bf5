"""Tables of the follow-up policy and the follow-ups requested (回头看)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import RectificationBase


class FollowUpPolicy(RectificationBase, table=True):
    """When follow-ups fall due, per campaign (defaults: 30 days after the last sign-off, 10 % sampled monthly)."""

    __tablename__ = "follow_up_policy"

    campaign_id: str = Field(primary_key=True, max_length=36)
    delay_days: int
    monthly_sample_percent: int
    updated_by: str | None = Field(default=None, max_length=64)
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class FollowUp(RectificationBase, table=True):
    """A follow-up visit asked of the inspection service, which plans it as a task of mode follow_up."""

    __tablename__ = "follow_up"
    __table_args__ = (
        # One visit per facility, reason and due date: a sign-off replayed or two workers racing add nothing.
        UniqueConstraint("campaign_id", "facility_id", "reason", "due_date", name="uq_follow_up_once"),
        Index("ix_follow_up_campaign_requested", "campaign_id", "requested_at"),
    )

    id: str = Field(primary_key=True, max_length=36)
    campaign_id: str = Field(max_length=36)
    facility_id: str = Field(max_length=36, index=True)
    facility_name: str | None = Field(default=None, max_length=200)
    area_code: str = Field(max_length=32, index=True)
    departments: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # all_signed_off: every hazard of the facility in the campaign signed off; monthly_sample: drawn at random.
    reason: str = Field(max_length=20)
    due_date: date
    sample_month: str | None = Field(default=None, max_length=7)
    requested_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class FollowUpSampleRun(RectificationBase, table=True):
    """The monthly draw of a campaign, made once however many workers tick (the primary key decides)."""

    __tablename__ = "follow_up_sample_run"

    campaign_id: str = Field(primary_key=True, max_length=36)
    month: str = Field(primary_key=True, max_length=7)
    eligible: int
    drawn: int
    ran_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
