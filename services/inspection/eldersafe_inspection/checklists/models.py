"""Checklists: authored per department, published as immutable versions (the items an inspection used)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String, UniqueConstraint
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import InspectionBase


class MajorHazardCriterion(InspectionBase, table=True):
    """One situation of the national major-hazard criteria (data, so a district can refine it)."""

    __tablename__ = "major_hazard_criterion"

    id: str = Field(primary_key=True, max_length=36)
    code: str = Field(max_length=40, unique=True)  # e.g. "MZ-2023-4.1"
    clause: str = Field(max_length=80)  # e.g. "《养老机构重大事故隐患判定标准》第四条第（一）项"
    category: str = Field(max_length=20)
    text_zh: str = Field(max_length=1000)
    text_en: str | None = Field(default=None, max_length=1000)
    lead_departments: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # An unfixable situation (a class C/D dangerous building, say) suggests shutdown rather than suspension.
    fixable: bool = True
    active: bool = True
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class Checklist(InspectionBase, table=True):
    """A department's checklist; its editable draft lives here, published versions in ChecklistVersion."""

    __tablename__ = "checklist"
    __table_args__ = (UniqueConstraint("department", "code", name="uq_checklist_department_code"),)

    id: str = Field(primary_key=True, max_length=36)
    department: str = Field(max_length=20, index=True)
    code: str = Field(max_length=40)
    title_zh: str = Field(max_length=200)
    title_en: str | None = Field(default=None, max_length=200)
    # The draft: a list of item dicts in the ChecklistItem shape, validated when published.
    draft: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    draft_updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    draft_updated_by: str = Field(max_length=64)
    current_version: int | None = None
    archived: bool = False
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    created_by: str = Field(max_length=64)


class ChecklistVersion(InspectionBase, table=True):
    """A published, immutable version: inspections point here, so an old version renders as it was."""

    __tablename__ = "checklist_version"
    __table_args__ = (UniqueConstraint("checklist_id", "version", name="uq_checklist_version"),)

    id: str = Field(primary_key=True, max_length=36)
    checklist_id: str = Field(sa_column=Column(String(36), ForeignKey("checklist.id"), nullable=False, index=True))
    version: int
    department: str = Field(max_length=20, index=True)
    title_zh: str = Field(max_length=200)
    title_en: str | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, max_length=1000)
    published_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    published_by: str = Field(max_length=64)


class ChecklistItem(InspectionBase, table=True):
    """One check item of a published version."""

    __tablename__ = "checklist_item"
    __table_args__ = (UniqueConstraint("version_id", "code", name="uq_checklist_item_code"),)

    id: str = Field(primary_key=True, max_length=36)
    version_id: str = Field(sa_column=Column(String(36), ForeignKey("checklist_version.id"), nullable=False,
                                             index=True))
    position: int
    code: str = Field(max_length=40)
    text_zh: str = Field(max_length=1000)
    text_en: str | None = Field(default=None, max_length=1000)
    # fire / building / food / medical / security / management / emergency
    category: str = Field(max_length=20)
    basis: str = Field(max_length=500)  # the standard and clause it cites
    # pass_fail / number / text / photo
    answer_type: str = Field(max_length=20)
    number_min: float | None = None
    number_max: float | None = None
    unit: str | None = Field(default=None, max_length=20)
    photo_required: bool = False
    major_hazard: bool = False
    criterion_code: str | None = Field(default=None, max_length=40)
    recommended_measures: str | None = Field(default=None, max_length=1000)
