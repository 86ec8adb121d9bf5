"""Plan inputs (strict) and responses; the relocation page and receiving-facility suggestions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from eldersafe_common.validation import LongText, StrictModel

Decision = Literal["shutdown", "suspend", "rectify"]
Cooperation = Literal["cooperative", "uncooperative"]
PlanState = Literal["draft", "approved"]
CampaignId = Annotated[str, StringConstraints(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9_\-]+$")]
Version = Annotated[int, Field(ge=1, le=1_000_000_000)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Owner = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class MilestoneIn(StrictModel):
    title: Title
    owner: Owner
    due_date: date = Field(strict=False)
    done: bool = False


class PlanUpdate(StrictModel):
    """The whole draft (PUT replaces it); ``version`` is required once the plan exists."""

    campaign_id: CampaignId | None = None
    decision: Decision
    measures: LongText | None = None
    milestones: list[MilestoneIn] = Field(default_factory=list, max_length=50)
    relocation_plan: LongText | None = None
    cooperation: Cooperation | None = None
    support_measures: LongText | None = None
    enforcement_measures: LongText | None = None
    version: Version | None = None


class ApproveIn(StrictModel):
    note: LongText | None = None


class MilestoneDoneIn(StrictModel):
    done: bool


class MilestonePublic(BaseModel):
    title: str
    owner: str
    due_date: date
    done: bool
    done_at: datetime | None


class PlanPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    campaign_id: str | None
    facility_id: str
    facility_name: str | None
    area_code: str
    decision: str
    measures: str | None
    milestones: list[MilestonePublic]
    relocation_plan: str | None
    cooperation: str | None
    support_measures: str | None
    enforcement_measures: str | None
    state: str
    approved_by: str | None
    approved_by_name: str | None
    approved_at: datetime | None
    approval_note: str | None
    relocation_completed_at: datetime | None
    created_by: str | None
    created_by_name: str | None
    created_at: datetime
    updated_by: str | None
    updated_by_name: str | None
    updated_at: datetime
    version: int


class PlanSummary(BaseModel):
    """A row of the plan board, with relocation progress from this service's own records."""

    id: str
    campaign_id: str | None
    facility_id: str
    facility_name: str | None
    area_code: str
    facility_status: str | None
    decision: str
    cooperation: str | None
    state: str
    milestones_total: int
    milestones_done: int
    next_due_date: date | None = Field(description="The earliest due date among milestones not done")
    approved_at: datetime | None
    relocated: int = Field(description="Residents recorded as relocated")
    remaining: int | None = Field(description="Residents still on the roster, as last announced by the registry")
    relocation_completed_at: datetime | None
    updated_at: datetime


class PlanPage(BaseModel):
    items: list[PlanSummary]
    total: int
    page: int
    page_size: int


class RelocationRecord(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    destination_kind: str
    receiving_facility_id: str | None
    receiving_facility_name: str | None
    destination: str | None
    moved_on: date
    confirmed_by_name: str | None


class RelocationResident(BaseModel):
    resident_id: str
    name: str
    id_number: str = Field(description="Masked by the registry")
    care_level: str | None
    active: bool
    relocation: RelocationRecord | None


class RelocationProgress(BaseModel):
    facility_id: str
    facility_name: str
    status: str
    plan_state: str | None
    decision: str | None
    total: int
    relocated: int
    remaining: int
    completed: bool
    completed_at: datetime | None
    residents: list[RelocationResident]


class ReceivingFacility(BaseModel):
    facility_id: str
    name: str
    area_code: str
    free_beds: int
    classification: str | None = Field(description="The latest class decided (pass ranks first); null until then")
    distance_km: float | None = Field(description="Great-circle distance; null when either side has no location")


class ReceivingSuggestions(BaseModel):
    facility_id: str
    items: list[ReceivingFacility]
