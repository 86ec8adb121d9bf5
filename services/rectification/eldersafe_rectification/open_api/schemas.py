"""Open API responses: hazard summaries per facility and per area, and hazard statistics (with examples)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from eldersafe_common.sync import SyncPage

AreaLevel = Literal["subdistrict", "community"]

_STATES: dict[str, JsonValue] = {"open": 1, "in_progress": 1, "submitted": 0, "accepted": 0, "signed_off": 3}
_SEVERITIES: dict[str, JsonValue] = {"ordinary": 3, "major": 2}


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


class FacilityHazardSummary(BaseModel):
    """One facility's ledger, as it stood after its latest hazard change."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "facility_id": "d728f789-9bc8-562e-9acf-2a0e6bc5927a", "facility_name": "松鹤颐养院",
        "area_code": "999001001001", "hazards": 5, "by_state": _STATES, "by_severity": _SEVERITIES, "overdue": 1,
        "open_supervision_orders": 1, "last_changed_at": "2026-11-28T09:30:00+00:00"}]})

    facility_id: str
    facility_name: str | None
    area_code: str
    hazards: int = Field(description="Every ledger entry of the facility")
    by_state: StateCounts
    by_severity: SeverityCounts
    overdue: int = Field(description="Past the deadline (China date) and neither accepted nor signed off")
    open_supervision_orders: int
    last_changed_at: datetime = Field(description="When one of its hazards last changed")


class AreaHazardSummary(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "area_code": "999001001", "level": "subdistrict", "facilities": 3, "hazards": 5, "by_state": _STATES,
        "by_severity": _SEVERITIES, "overdue": 1, "open_supervision_orders": 1, "rectification_rate": 0.6}]})

    area_code: str
    level: AreaLevel
    facilities: int = Field(description="Facilities with at least one ledger entry")
    hazards: int
    by_state: StateCounts
    by_severity: SeverityCounts
    overdue: int
    open_supervision_orders: int
    rectification_rate: float | None = Field(description="Signed off / all entries (4 decimals); null without "
                                                         "entries")


class AreaHazardSummaries(BaseModel):
    level: AreaLevel
    as_of: date = Field(description="The China date the overdue counts were judged on")
    items: list[AreaHazardSummary]


class SupervisionOrderCounts(BaseModel):
    issued: int
    open: int
    closed: int


class DepartmentStatistics(BaseModel):
    department: str
    hazards: int
    signed_off: int
    overdue: int
    major: int
    rectification_rate: float | None


class HazardStatistics(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "area_code": "999001", "as_of": "2026-11-30", "hazards": 5, "signed_off": 3, "rectification_rate": 0.6,
        "overdue": 1, "major": 2, "major_open": 1, "by_state": _STATES, "by_severity": _SEVERITIES,
        "supervision_orders": {"issued": 2, "open": 1, "closed": 1},
        "departments": [{"department": "fire", "hazards": 4, "signed_off": 3, "overdue": 1, "major": 2,
                         "rectification_rate": 0.75}]}]})

    area_code: str = Field(description="The area the figures cover (the client's)")
    as_of: date
    hazards: int
    signed_off: int
    rectification_rate: float | None = Field(description="Signed off / all entries (4 decimals); null without "
                                                         "entries")
    overdue: int
    major: int
    major_open: int = Field(description="Major hazards not yet accepted or signed off")
    by_state: StateCounts
    by_severity: SeverityCounts
    supervision_orders: SupervisionOrderCounts
    departments: list[DepartmentStatistics] = Field(description="Per finding department; a joint hazard counts "
                                                                "for each of its departments")


class FacilityHazardSummaryPage(SyncPage[FacilityHazardSummary]):
    """One page of the facility feed; poll with ``next_cursor`` for facilities changed since."""
