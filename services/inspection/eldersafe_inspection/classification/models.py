"""Classification: rules as data, and the task force's decision per facility and campaign."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, UniqueConstraint
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import InspectionBase


class ClassificationRule(InspectionBase, table=True):
    """One rule: the first active rule (lowest priority number) whose condition holds gives the class."""

    __tablename__ = "classification_rule"

    id: str = Field(primary_key=True, max_length=36)
    priority: int = Field(unique=True)
    # A condition code the service knows: open_major_unfixable / open_major / default
    condition: str = Field(max_length=40)
    # shutdown / suspend / pass
    klass: str = Field(sa_column=Column("class", String(20), nullable=False))
    # Templates; "{items}" is replaced by the item codes that met the condition.
    reason_zh: str = Field(max_length=500)
    reason_en: str = Field(max_length=500)
    active: bool = True


class FacilityClassification(InspectionBase, table=True):
    """The task force's decision for one facility in one campaign (the suggestion is kept beside it)."""

    __tablename__ = "facility_classification"
    __table_args__ = (UniqueConstraint("campaign_id", "facility_id", name="uq_facility_classification"),)

    id: str = Field(primary_key=True, max_length=36)
    campaign_id: str = Field(sa_column=Column(String(36), ForeignKey("campaign.id"), nullable=False, index=True))
    facility_id: str = Field(max_length=36, index=True)
    area_code: str = Field(max_length=32)
    suggested_class: str = Field(max_length=20)
    decided_class: str = Field(max_length=20)
    decision_reason: str = Field(max_length=2000)
    decided_by: str = Field(max_length=64)
    decided_by_name: str = Field(max_length=100)
    decided_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
