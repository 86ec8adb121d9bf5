"""Campaign inputs and answers (names carry no service prefix clash: Campaign* is unique platform-wide)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field

from eldersafe_common.validation import StrictModel

from .fields import AreaCode, CampaignName, DeadlineDays, Department, IsoDate, Phase, Reason

Departments = Annotated[list[Department], Field(min_length=1, max_length=7)]
PHASE_FIELDS = ("survey_start", "survey_end", "rectification_start", "rectification_end", "review_start",
                "review_end")


class CampaignCreate(StrictModel):
    name: CampaignName
    area_code: AreaCode
    departments: Departments
    survey_start: IsoDate
    survey_end: IsoDate
    rectification_start: IsoDate
    rectification_end: IsoDate
    review_start: IsoDate
    review_end: IsoDate
    deadline_days_major: DeadlineDays = 7
    deadline_days_ordinary: DeadlineDays = 30


class CampaignUpdate(StrictModel):
    """Only the fields given change; the area is fixed once targets exist (create another campaign)."""

    name: CampaignName | None = None
    departments: Departments | None = None
    survey_start: IsoDate | None = None
    survey_end: IsoDate | None = None
    rectification_start: IsoDate | None = None
    rectification_end: IsoDate | None = None
    review_start: IsoDate | None = None
    review_end: IsoDate | None = None
    deadline_days_major: DeadlineDays | None = None
    deadline_days_ordinary: DeadlineDays | None = None


class CampaignSummary(BaseModel):
    id: str
    name: str
    area_code: str
    departments: list[str]
    current_phase: Phase
    survey_start: date
    survey_end: date
    rectification_start: date
    rectification_end: date
    review_start: date
    review_end: date
    facilities_count: int = Field(description="Included targets inside the caller's area")
    survey_progress: float = Field(ge=0, le=1, description="Share of (facility, department) pairs inspected")


class CampaignPublic(CampaignSummary):
    deadline_days_major: int
    deadline_days_ordinary: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str


class CampaignPage(BaseModel):
    items: list[CampaignSummary]
    total: int
    page: int
    page_size: int


class CampaignFacilityPublic(BaseModel):
    facility_id: str
    name: str | None
    area_code: str | None
    status: str | None = Field(description="The facility's operating status as the registry last reported it")
    included: bool
    reason: str | None
    added_at: datetime


class CampaignFacilityUpdate(StrictModel):
    included: bool
    reason: Reason | None = None


class CoverageFacility(BaseModel):
    facility_id: str
    name: str | None
    area_code: str | None
    departments_done: list[str]
    departments_missing: list[str]


class CoveragePublic(BaseModel):
    progress: float = Field(ge=0, le=1)
    pairs_total: int
    pairs_done: int
    facilities: list[CoverageFacility]
