"""The facility copy: each facility as rectification needs it, kept from the registry's and inspection's events."""

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import RectificationBase


class RectificationFacility(RectificationBase, table=True):
    """A facility as rectification needs it (who answers for it), kept from registry events."""

    __tablename__ = "rectification_facility"

    facility_id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=200)
    area_code: str = Field(max_length=32, index=True)
    manager: str | None = Field(default=None, max_length=100)
    manager_phone: str | None = Field(default=None, max_length=20)
    status: str = Field(max_length=20)
    # 0007_plans: what receiving-facility suggestions need (where it is, free beds, its latest class).
    latitude: float | None = None
    longitude: float | None = None
    licensed_beds: int | None = None
    residents_count: int | None = None
    classification: str | None = Field(default=None, max_length=16)
    classified_campaign_id: str | None = Field(default=None, max_length=36)
    classified_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
