"""Hazard statistics for the campaign's leaders, read from the ledger's counters."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

AreaLevel = Literal["subdistrict", "community"]


class StateCounts(BaseModel):
    open: int = 0
    in_progress: int = 0
    submitted: int = 0
    accepted: int = 0
    signed_off: int = 0
    withdrawn: int = 0


class SeverityCounts(BaseModel):
    ordinary: int = 0
    major: int = 0


class DepartmentFigures(BaseModel):
    department: str
    hazards: int
    open: int = Field(description="Not yet rectified: open, in progress or submitted")
    overdue: int
    major: int
    signed_off: int


class AreaFigures(BaseModel):
    area_code: str = Field(description="A sub-district or community code (names come in a later step)")
    hazards: int
    open: int
    overdue: int
    major: int
    signed_off: int


class HazardStatisticsPublic(BaseModel):
    """The ledger's figures inside the caller's area (a department head: its department's hazards)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "campaign_id": None, "area_code": "999001", "department": None, "as_of": "2026-12-08",
        "area_level": "subdistrict", "hazards": 5, "open": 2, "overdue": 1,
        "by_state": {"open": 1, "in_progress": 1, "submitted": 0, "accepted": 0, "signed_off": 3, "withdrawn": 0},
        "by_severity": {"ordinary": 3, "major": 2},
        "departments": [{"department": "fire", "hazards": 5, "open": 2, "overdue": 1, "major": 2, "signed_off": 3}],
        "areas": [{"area_code": "999001001", "hazards": 5, "open": 2, "overdue": 1, "major": 2, "signed_off": 3}]}]})

    campaign_id: str | None
    area_code: str = Field(description="The area the figures cover: the caller's, or the narrower one asked for")
    department: str | None = Field(description="Set for a department head: only hazards of that department")
    as_of: date = Field(description="Today's China date: overdue means a deadline before it")
    area_level: AreaLevel = Field(description="What `areas` groups by: sub-districts for a district, else communities")
    hazards: int = Field(description="Every ledger entry (a joint hazard once)")
    open: int = Field(description="Not yet rectified: open, in progress or submitted")
    overdue: int = Field(description="Not yet rectified and past the deadline")
    by_state: StateCounts
    by_severity: SeverityCounts
    departments: list[DepartmentFigures] = Field(description="A joint hazard counts for each of its departments")
    areas: list[AreaFigures]
