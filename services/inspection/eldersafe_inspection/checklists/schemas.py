"""Request and response models for checklists, their published versions and the major-hazard criteria.

Closed word sets are ``Literal[...]`` because strict models refuse an enum given as its string value.
Shape rules (types, closed sets, lengths, NUL bytes, at most 200 items) are checked here; the rules that
need the whole list or the database (unique codes, known criteria, a basis for every item) are checked in
``service.py`` so that their errors name ``body.items.<i>.<field>``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from eldersafe_common.validation import StrictModel

from .fields import (
    MAX_ITEMS,
    AnswerType,
    Basis,
    Category,
    Clause,
    Code,
    CriterionCategory,
    Department,
    ItemText,
    Limit,
    Note,
    OptionalText,
    OptionalTitle,
    Title,
    Unit,
)


class ItemDraft(StrictModel):
    """One check item as authored; ``basis`` may be empty in a draft but not when it is published."""

    code: Code
    text_zh: ItemText
    text_en: OptionalText | None = None
    category: Category
    basis: Basis = Field(description="The standard and clause the item cites; required to publish")
    answer_type: AnswerType = "pass_fail"
    number_min: Limit | None = None
    number_max: Limit | None = None
    unit: Unit | None = None
    photo_required: bool = False
    major_hazard: bool = False
    criterion_code: Code | None = Field(default=None, description="A major-hazard criterion; major items only")
    recommended_measures: OptionalText | None = None


Items = Annotated[list[ItemDraft], Field(max_length=MAX_ITEMS)]


class ChecklistCreate(StrictModel):
    department: Department
    code: Code
    title_zh: Title
    title_en: OptionalTitle | None = None
    items: Items = Field(default_factory=list)


class DraftUpdate(StrictModel):
    title_zh: Title
    title_en: OptionalTitle | None = None
    items: Items


class PublishRequest(StrictModel):
    note: Note | None = None


class ChecklistSummary(BaseModel):
    id: str
    department: str
    code: str
    title_zh: str
    title_en: str | None
    current_version: int | None
    draft_updated_at: datetime
    archived: bool


class ChecklistPage(BaseModel):
    items: list[ChecklistSummary]
    total: int
    page: int
    page_size: int


class VersionSummary(BaseModel):
    id: str
    version: int
    published_at: datetime
    published_by: str
    note: str | None


class ItemDraftPublic(BaseModel):
    """An item of a draft as stored (response shape of ``ItemDraft``)."""

    code: str
    text_zh: str
    text_en: str | None = None
    category: str
    basis: str
    answer_type: str
    number_min: float | None = None
    number_max: float | None = None
    unit: str | None = None
    photo_required: bool = False
    major_hazard: bool = False
    criterion_code: str | None = None
    recommended_measures: str | None = None


class ChecklistDetail(ChecklistSummary):
    draft: list[ItemDraftPublic]
    draft_updated_by: str
    versions: list[VersionSummary]


class ItemPublic(ItemDraftPublic):
    model_config = ConfigDict(from_attributes=True)

    id: str
    position: int


class ChecklistVersionPublic(BaseModel):
    id: str
    checklist_id: str
    version: int
    department: str
    title_zh: str
    title_en: str | None
    note: str | None
    published_at: datetime
    published_by: str
    items: list[ItemPublic]


class ChecklistVersionPage(BaseModel):
    items: list[ChecklistVersionPublic]
    total: int
    page: int
    page_size: int


LeadDepartments = Annotated[list[Department], Field(min_length=1, max_length=7)]


class CriterionCreate(StrictModel):
    code: Code
    clause: Clause
    category: CriterionCategory
    text_zh: ItemText
    text_en: OptionalText | None = None
    lead_departments: LeadDepartments
    fixable: bool = True
    active: bool = True


class CriterionUpdate(StrictModel):
    """Any of the fields; the code stays (published items cite it)."""

    clause: Clause | None = None
    category: CriterionCategory | None = None
    text_zh: ItemText | None = None
    text_en: OptionalText | None = None
    lead_departments: LeadDepartments | None = None
    fixable: bool | None = None
    active: bool | None = None


class CriterionPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    code: str
    clause: str
    category: str
    text_zh: str
    text_en: str | None
    lead_departments: list[str]
    fixable: bool
    active: bool
    updated_at: datetime


class CriterionPage(BaseModel):
    items: list[CriterionPublic]
    total: int
    page: int
    page_size: int
