"""Staff-side request and response models for tips: the triage queue, the case, and the triage actions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from eldersafe_common.validation import StrictModel, at_most

from ...campaigns.fields import Department, FacilityId, IsoDate

TipCategory = Literal["fire", "food", "abuse_neglect", "building", "unlicensed", "other"]
TipStatus = Literal["received", "assigned", "duplicate", "closed", "verified", "unfounded"]
TipOutcome = Literal["verified", "unfounded"]
RewardStatus = Literal["proposed", "approved", "rejected", "paid"]

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
Uuid = Annotated[str, StringConstraints(pattern=UUID_PATTERN, to_lower=True)]
# A tip's id or its public number (JB-2026-000123): triagers think in case numbers.
TipRef = Annotated[str, StringConstraints(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9-]+$")]
Version = Annotated[int, Field(ge=1, le=2**31 - 1)]
# NUL bytes are refused by StrictModel (bodies) and by the query's own validator below.
SearchText = Annotated[str, StringConstraints(min_length=1, max_length=100, strip_whitespace=True), at_most(100),
                       AfterValidator(lambda value: value if "\x00" not in value else _nul())]
CloseReason = Annotated[str, StringConstraints(min_length=5, max_length=1000, strip_whitespace=True), at_most(1000)]
MessageBody = Annotated[str, StringConstraints(min_length=1, max_length=1000, strip_whitespace=True), at_most(1000)]
OutcomeNote = MessageBody
DuplicateNote = MessageBody


def _nul() -> str:
    raise ValueError("must not contain NUL characters")


class TipFilters(BaseModel):
    status: TipStatus | None = None
    category: TipCategory | None = None
    department: Department | None = None
    facility_id: str | None = None
    q: str | None = None


class TipAssign(StrictModel):
    """Send the tip to a department as a tip_check inspection task."""

    department: Department
    facility_id: FacilityId | None = Field(default=None, description="Required when the tip names no facility; "
                                           "corrects the reporter's choice otherwise")
    campaign_id: Uuid | None = Field(default=None, description="Default: the newest open campaign that targets "
                                     "the facility and includes the department")
    due_date: IsoDate | None = Field(default=None, description="Default: in 7 days (not after the campaign ends)")
    version: Version


class TipDuplicate(StrictModel):
    duplicate_of: TipRef = Field(description="The original tip's id or number")
    note: DuplicateNote | None = Field(default=None, description="Shown to the reporter with the original's number")
    version: Version


class TipClose(StrictModel):
    reason: CloseReason = Field(description="Why no check follows; the reporter reads it")
    version: Version


class TipMessageCreate(StrictModel):
    body: MessageBody


class TipOutcomeCreate(StrictModel):
    """The assigned department's own statement of the check's outcome (also for what no checklist covers)."""

    outcome: TipOutcome
    note: OutcomeNote = Field(description="The outcome in words; the reporter reads it")
    version: Version


class TipSummary(BaseModel):
    id: str
    number: str
    category: str
    facility_id: str | None
    facility_name: str | None
    location: str | None
    area_code: str
    status: str
    assigned_department: str | None
    possible_duplicate_of: str | None
    duplicate_of: str | None
    photo_count: int
    has_contact: bool
    reward_status: str | None
    created_at: datetime
    updated_at: datetime


class TipPage(BaseModel):
    items: list[TipSummary]
    total: int
    page: int
    page_size: int


class TipPhotoPublic(BaseModel):
    id: str
    content_type: str
    width: int
    height: int


class TipMessagePublic(BaseModel):
    id: str
    author: Literal["reporter", "department"]
    department: str | None
    author_name: str | None
    body: str
    created_at: datetime


class TipHazardPublic(BaseModel):
    hazard_key: str
    title: str
    severity: str


class TipPublic(TipSummary):
    description: str
    latitude: float | None
    longitude: float | None
    photos: list[TipPhotoPublic]
    messages: list[TipMessagePublic]
    hazards: list[TipHazardPublic]
    campaign_id: str | None
    task_id: str | None
    inspection_id: str | None
    outcome_note: str | None
    closed_reason: str | None
    triaged_by_name: str | None
    triaged_at: datetime | None
    resolved_at: datetime | None
    contact_consent: bool
    version: int

