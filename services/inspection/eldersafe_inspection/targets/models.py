"""The facilities inspections need, kept from registry events (the registry owns the facility)."""

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import InspectionBase


class InspectionTarget(InspectionBase, table=True):
    """A facility as inspections need it, kept from registry events (the registry owns the facility)."""

    __tablename__ = "inspection_target"

    facility_id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=200)
    # For the public tip form's facility search (name or address); "" until the registry's next snapshot.
    address: str = Field(default="", max_length=300)
    area_code: str = Field(max_length=32, index=True)
    ownership: str = Field(max_length=20)
    licensed_beds: int
    residents_count: int
    status: str = Field(max_length=20)
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
