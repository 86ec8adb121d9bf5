"""Campaigns: the survey, rectification and review phases over an area, and the facilities they target."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, String
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import InspectionBase


class Campaign(InspectionBase, table=True):
    """A safety campaign over one area (work plan 二): phases run forwards and never overlap."""

    __tablename__ = "campaign"
    __table_args__ = (Index("ix_campaign_change_seq", "change_seq", unique=True),)

    id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=200)
    area_code: str = Field(max_length=32, index=True)
    departments: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    survey_start: date
    survey_end: date
    rectification_start: date
    rectification_end: date
    review_start: date
    review_end: date
    deadline_days_major: int = 7
    deadline_days_ordinary: int = 30
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    created_by: str = Field(max_length=64)
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    updated_by: str = Field(max_length=64)
    # The open API's change feed (eldersafe_common.sync): stamped on every write of the row and whenever its
    # progress moves (campaigns/progress.py, installed by the app and worker factories).
    change_seq: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    changed_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, index=True))



class CampaignFacility(InspectionBase, table=True):
    """A facility a campaign targets; excluded rows stay, with the reason, so the history is visible."""

    __tablename__ = "campaign_facility"

    campaign_id: str = Field(sa_column=Column(String(36), ForeignKey("campaign.id"), primary_key=True))
    facility_id: str = Field(primary_key=True, max_length=36, index=True)
    included: bool = True
    reason: str | None = Field(default=None, max_length=500)
    added_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
