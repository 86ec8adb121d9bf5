"""The survey report (work plan 三.一: a report at the end of the survey phase)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from ..campaigns.schemas import CampaignSummary


class ClassCount(BaseModel):
    klass: str = Field(description="shutdown / suspend / pass / not_inspected (a suggestion only: never decided)")
    suggested: int = Field(description="Facilities the rules suggest this class for (findings, ledger, coverage)")
    decided: int


class HazardCount(BaseModel):
    key: str
    total: int
    major: int
    ordinary: int
    open: int = Field(description="Not fixed on the spot")
    unrectified: int = Field(description="Not yet rectified: neither fixed on the spot nor closed in the ledger "
                                         "(accepted, signed off or withdrawn)")


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
    not_inspected: int = Field(description="Facilities a department of the campaign has not yet inspected")


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
