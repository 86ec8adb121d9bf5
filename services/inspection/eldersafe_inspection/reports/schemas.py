"""The survey report (work plan 三.一: a report at the end of the survey phase)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from ..campaigns.schemas import CampaignSummary


class ClassCount(BaseModel):
    klass: str
    suggested: int
    decided: int


class HazardCount(BaseModel):
    key: str
    total: int
    major: int
    ordinary: int
    open: int


class ReportCoverage(BaseModel):
    progress: float
    pairs_total: int
    pairs_done: int
    facilities_total: int
    facilities_complete: int


class SubdistrictRow(BaseModel):
    subdistrict_code: str
    facilities: int
    pairs_total: int
    pairs_done: int
    hazards: int
    major_hazards: int
    shutdown: int
    suspend: int
    passed: int
    undecided: int


class NotCoveredRow(BaseModel):
    facility_id: str
    name: str | None
    area_code: str | None
    departments_missing: list[str]


class SurveyReport(BaseModel):
    campaign: CampaignSummary
    generated_at: datetime
    facilities_total: int
    facilities_by_class: list[ClassCount]
    undecided: int
    hazards_total: int
    hazards_by_department: list[HazardCount]
    hazards_by_category: list[HazardCount]
    hazards_by_severity: list[HazardCount]
    coverage: ReportCoverage
    by_subdistrict: list[SubdistrictRow]
    not_covered: list[NotCoveredRow]
