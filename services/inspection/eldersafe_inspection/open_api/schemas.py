"""What the city platform reads about campaigns: dates, phase, targets and progress; no names of people."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

from eldersafe_common.sync import SyncPage

_CAMPAIGN_EXAMPLE: JsonDict = {
    "id": "5b0e1c2a-8f0d-4c53-9a51-2f3c8e7d9a10", "name": "2026年鹤鸣区养老机构安全隐患排查整治专项行动",
    "area_code": "999001", "departments": ["civil_affairs", "fire", "market"], "current_phase": "rectification",
    "phases": [{"phase": "survey", "start": "2026-09-01", "end": "2026-10-15"},
               {"phase": "rectification", "start": "2026-10-16", "end": "2026-12-15"},
               {"phase": "review", "start": "2026-12-16", "end": "2026-12-31"}],
    "targets_included": 20, "targets_excluded": 1,
    "survey": {"pairs_total": 60, "pairs_done": 57, "progress": 0.95, "facilities_total": 20,
               "facilities_complete": 17, "departments": [
        {"department": "civil_affairs", "facilities_total": 20, "facilities_inspected": 20, "progress": 1.0},
        {"department": "fire", "facilities_total": 20, "facilities_inspected": 19, "progress": 0.95},
        {"department": "market", "facilities_total": 20, "facilities_inspected": 18, "progress": 0.9}]},
    "classification": {"shutdown": 1, "suspend": 2, "pass": 12, "undecided": 5},
    "suggested_classification": {"shutdown": 1, "suspend": 1, "pass": 15, "not_inspected": 3},
    "deadline_days_major": 7, "deadline_days_ordinary": 30,
    "created_at": "2026-08-20T02:00:00Z", "updated_at": "2026-11-20T09:30:02Z",
}


class PhaseDates(BaseModel):
    phase: Literal["survey", "rectification", "review"]
    start: date
    end: date


class DepartmentProgress(BaseModel):
    department: str
    facilities_total: int = Field(description="Included targets inside the client's area")
    facilities_inspected: int = Field(description="Of those, answered by a submitted official inspection")
    progress: float = Field(ge=0, le=1)


class SurveyProgress(BaseModel):
    pairs_total: int = Field(description="Included targets × the campaign's departments")
    pairs_done: int
    progress: float = Field(ge=0, le=1)
    departments: list[DepartmentProgress]
    facilities_total: int = Field(description="Included targets inside the client's area")
    facilities_complete: int = Field(
        description="Of those, inspected by every department of the campaign (the others are not_inspected)")


class OpenCampaign(BaseModel):
    """A campaign as the open API shows it. ``current_phase`` follows the calendar (China Standard Time); the
    feed moves a campaign when its data changes, so a client derives phase turns from ``phases``.
    Rectification progress (hazards) is served by ``/api/open/v1/hazard-summaries``."""

    model_config = ConfigDict(json_schema_extra={"examples": [_CAMPAIGN_EXAMPLE]})

    id: str
    name: str
    area_code: str
    departments: list[str]
    current_phase: Literal["planned", "survey", "rectification", "review", "closed"]
    phases: list[PhaseDates]
    targets_included: int
    targets_excluded: int
    survey: SurveyProgress
    classification: dict[str, int] = Field(
        description="Decided classes of the included targets (shutdown / suspend / pass) and undecided")
    suggested_classification: dict[str, int] = Field(description=(
        "What the rules suggest for the included targets: shutdown / suspend for a major hazard the ledger has not "
        "closed (accepted, signed off, withdrawn), not_inspected while a department of the campaign has not "
        "inspected the facility, else pass"))
    deadline_days_major: int
    deadline_days_ordinary: int
    created_at: datetime
    updated_at: datetime = Field(description="The time of the campaign's latest change in the feed")


class OpenCampaignPage(SyncPage[OpenCampaign]):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "items": [_CAMPAIGN_EXAMPLE], "has_more": False,
        "next_cursor": "eyJmIjp7fSwiayI6Imluc3BlY3Rpb24uY2FtcGFpZ25zIiwicCI6N30.Vb3k2mQ0x9sLr1eTqA7uJc"}]})
