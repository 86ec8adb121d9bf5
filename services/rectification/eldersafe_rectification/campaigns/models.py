"""The copy of inspection's campaigns (its ``campaign.created`` / ``campaign.updated`` snapshots)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Column
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import RectificationBase


class RectificationCampaign(RectificationBase, table=True):
    """A campaign as the ledger, plans and follow-ups need it (prefixed: inspection owns ``campaign``)."""

    __tablename__ = "rectification_campaign"

    campaign_id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=200)
    area_code: str = Field(max_length=32, index=True)
    departments: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    survey_start: date
    survey_end: date
    rectification_start: date
    rectification_end: date
    review_start: date
    review_end: date
    # Null when the snapshot came from an inspection that did not publish them yet: the defaults apply then.
    deadline_days_major: int | None = None
    deadline_days_ordinary: int | None = None
    targets: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The event the row was last taken from: an older snapshot delivered late never replaces a newer one.
    event_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
