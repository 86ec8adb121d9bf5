"""Ledger inputs (strict) and responses."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from eldersafe_common.validation import LongText, Phone, StrictModel

Severity = Literal["ordinary", "major"]
State = Literal["open", "in_progress", "submitted", "accepted", "signed_off"]
Department = Literal["civil_affairs", "fire", "emergency", "police", "health", "housing", "market"]
HazardSort = Literal["deadline", "-deadline", "found_at", "-found_at", "severity", "-severity", "updated_at"]
PersonName = Annotated[str, StringConstraints(max_length=100)]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=4000)]


class HazardFilters(BaseModel):
    campaign_id: str | None = None
    area_code: str | None = None
    facility_id: str | None = None
    department: Department | None = None
    severity: Severity | None = None
    state: State | None = None
    overdue: bool | None = None
    escalated: bool | None = None
    deadline_from: date | None = None
    deadline_to: date | None = None
    q: str | None = None
    sort: HazardSort = "deadline"


class HazardUpdate(StrictModel):
    responsible_name: PersonName | None = None
    responsible_phone: Phone | None = None
    supervisor_name: PersonName | None = None
    measures: LongText | None = None
    checker_name: PersonName | None = None
    rectification_watcher_name: PersonName | None = None
    acceptance_watcher_name: PersonName | None = None
    version: Annotated[int, Field(ge=1, le=1_000_000_000)]


class NoteIn(StrictModel):
    note: LongText | None = None


class RejectIn(StrictModel):
    reason: Reason


class ExtensionCreate(StrictModel):
    new_deadline: date = Field(strict=False)
    reason: Reason


class DeadlinePolicyPublic(BaseModel):
    """The campaign's hazard deadlines, as set on the campaign (inspection) and announced in its events."""

    campaign_id: str
    major_days: int = Field(description="Days a major hazard found in the campaign has (deadline_days_major)")
    ordinary_days: int = Field(description="Days an ordinary hazard has (deadline_days_ordinary)")
    updated_at: datetime | None = Field(description="When this service last took the campaign in")


class HazardPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    hazard_key: str
    inspection_id: str
    campaign_id: str
    facility_id: str
    facility_name: str | None
    area_code: str
    departments: list[str]
    item_code: str
    item_text: str
    basis: str
    category: str
    severity: str
    criterion_code: str | None
    description: str
    photo_ids: list[str]
    measures: str | None
    responsible_name: str | None
    responsible_phone: str | None
    supervisor_subject: str | None
    supervisor_name: str | None
    checker_name: str | None
    rectification_watcher_name: str | None
    acceptance_watcher_name: str | None
    deadline: date
    state: str
    overdue: bool = False
    rejection_reason: str | None
    accepted_departments: list[str]
    relapse: bool
    escalated_at: datetime | None = None
    escalated_stage: str | None = None
    reopened_count: int
    self_check: bool
    found_at: datetime
    found_by: str | None
    found_by_name: str | None
    submitted_by: str | None
    accepted_by: str | None
    signed_off_by: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class HistoryPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    actor_subject: str | None
    actor_name: str | None
    action: str
    from_state: str | None
    to_state: str | None
    detail: dict[str, Any]


class EvidencePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    hazard_id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    note: str | None
    uploaded_by: str
    uploaded_by_name: str | None
    uploaded_at: datetime


class ExtensionPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    hazard_id: str
    old_deadline: date
    new_deadline: date
    reason: str
    state: str
    requested_by: str
    requested_by_name: str | None
    requested_at: datetime
    decided_by: str | None
    decided_by_name: str | None
    decided_at: datetime | None
    decision_note: str | None


class HazardDetail(HazardPublic):
    history: list[HistoryPublic]
    evidence: list[EvidencePublic]
    extensions: list[ExtensionPublic]


class HazardPage(BaseModel):
    items: list[HazardPublic]
    total: int
    page: int
    page_size: int
