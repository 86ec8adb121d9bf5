"""Request and response models for inspections (names carry the domain: the gateway merges every OpenAPI)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints, model_validator

from eldersafe_common.validation import StrictModel

from ..checklists.schemas import ItemPublic
from .fields import AnswerText, Description, Measures, PersonName, Reason, Subject

Department = Literal["civil_affairs", "fire", "emergency", "police", "health", "housing", "market"]
Mode = Literal["announced", "covert", "surprise", "tip_check", "follow_up", "self_check"]
Result = Literal["pass", "fail", "not_applicable"]
Severity = Literal["ordinary", "major"]
Status = Literal["draft", "submitted"]

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
Uuid = Annotated[str, StringConstraints(pattern=UUID_PATTERN, to_lower=True)]
FacilityId = Annotated[str, StringConstraints(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9-]+$")]
PhotoIds = Annotated[list[Uuid], Field(max_length=20)]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
Number = Annotated[float, Field(ge=-1e12, le=1e12, allow_inf_nan=False)]
IDEMPOTENCY_KEY_PATTERN = r"^[\x21-\x7e]{1,200}$"


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("must carry a UTC offset")
    return value.astimezone(UTC)


def _parse_time(value: Any) -> Any:
    # Strict models take no datetime strings; accept RFC 3339 text here and nothing looser.
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError as exc:
            raise ValueError("must be an RFC 3339 date-time") from exc
    return value


AwareTime = Annotated[datetime, Field(json_schema_extra={"format": "date-time"}), AfterValidator(_aware)]


class Inspector(StrictModel):
    name: PersonName
    department: Department
    subject: Subject | None = None


class InspectionCreate(StrictModel):
    campaign_id: Uuid
    facility_id: FacilityId
    mode: Mode
    departments: Annotated[list[Department], Field(min_length=1, max_length=7)]
    task_id: Uuid | None = None
    inspectors: Annotated[list[Inspector], Field(min_length=1, max_length=20)]
    started_at: AwareTime | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None

    @model_validator(mode="before")
    @classmethod
    def _times(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("started_at"), str):
            data = {**data, "started_at": _parse_time(data["started_at"])}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> InspectionCreate:
        if len(set(self.departments)) != len(self.departments):
            raise ValueError("departments must not repeat")
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude go together")
        return self


class FindingInput(StrictModel):
    description: Description
    severity: Severity | None = None
    measures: Measures | None = None
    fixed_on_spot: bool = False
    photo_ids: PhotoIds = Field(default_factory=list)


class AnswerInput(StrictModel):
    item_id: Uuid
    result: Result
    number: Number | None = None
    text: AnswerText | None = None
    photo_ids: PhotoIds = Field(default_factory=list)
    finding: FindingInput | None = None


Answers = Annotated[list[AnswerInput], Field(min_length=1, max_length=500)]


class AnswersUpdate(StrictModel):
    answers: Answers


class AmendmentCreate(StrictModel):
    reason: Reason
    answers: Answers


class AcknowledgementCreate(StrictModel):
    name: PersonName


# Responses


class InspectorPublic(BaseModel):
    name: str
    department: str
    subject: str | None


class SectionPublic(BaseModel):
    id: str
    department: str
    checklist_version_id: str
    items: list[ItemPublic]


class FindingPublic(BaseModel):
    id: str
    hazard_key: str
    item_id: str
    item_code: str
    department: str
    category: str
    criterion_code: str | None
    description: str
    severity: str
    measures: str | None
    fixed_on_spot: bool
    photo_ids: list[str]
    found_by: str
    found_by_name: str
    found_at: datetime


class AnswerPublic(BaseModel):
    id: str
    item_id: str
    department: str
    result: str
    number: float | None
    text: str | None
    photo_ids: list[str]
    answered_by: str
    answered_by_name: str
    answered_at: datetime
    amendment_id: str | None
    finding: FindingPublic | None


class AcknowledgementPublic(BaseModel):
    name: str
    acknowledged_at: datetime
    recorded_by: str


class AmendmentChange(BaseModel):
    item_id: str
    before: AnswerPublic | None
    after: AnswerPublic


class AmendmentPublic(BaseModel):
    id: str
    reason: str
    amended_by: str
    amended_by_name: str
    amended_at: datetime
    changes: list[AmendmentChange]


class InspectionSummary(BaseModel):
    id: str
    campaign_id: str
    facility_id: str
    area_code: str
    mode: str
    self_check: bool
    departments: list[str]
    task_id: str | None
    status: str
    started_at: datetime | None
    submitted_at: datetime | None
    created_at: datetime
    created_by: str


class InspectionPublic(InspectionSummary):
    inspectors: list[InspectorPublic]
    latitude: float | None
    longitude: float | None
    submitted_by: str | None
    updated_at: datetime
    sections: list[SectionPublic]
    answers: list[AnswerPublic] = Field(description="The current answers (amendments applied)")
    findings: list[FindingPublic] = Field(description="The current findings (amendments applied)")
    acknowledgement: AcknowledgementPublic | None = Field(
        description="The facility manager's acknowledgement of the current answers and findings; null while pending")
    acknowledgement_cleared_at: datetime | None = Field(default=None, description=(
        "When answers or findings changed after an acknowledgement, which must then be given again"))
    amendments: list[AmendmentPublic]


class InspectionPage(BaseModel):
    items: list[InspectionSummary]
    total: int
    page: int
    page_size: int


class InspectionFilters(BaseModel):
    campaign_id: str | None = None
    facility_id: str | None = None
    department: str | None = None
    mode: str | None = None
    status: str | None = None
