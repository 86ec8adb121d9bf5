"""Inspection tasks: who visits which facility for which departments, by when."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import InspectionBase


class InspectionTask(InspectionBase, table=True):
    """A planned visit; done when the inspection it led to is submitted."""

    __tablename__ = "inspection_task"

    id: str = Field(primary_key=True, max_length=36)
    campaign_id: str = Field(sa_column=Column(String(36), ForeignKey("campaign.id"), nullable=False, index=True))
    facility_id: str = Field(max_length=36, index=True)
    area_code: str = Field(max_length=32, index=True)
    departments: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # announced / covert / surprise / tip_check / follow_up
    mode: str = Field(max_length=20)
    # [{subject, name}]
    assignees: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    due_date: date
    # planned / in_progress / done / cancelled
    status: str = Field(default="planned", max_length=20, index=True)
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    # No foreign key: the inspection table comes in a later migration and points back here.
    inspection_id: str | None = Field(default=None, max_length=36)
