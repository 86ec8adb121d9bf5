"""Supervision order inputs and answers."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, PlainValidator, StringConstraints, WithJsonSchema, model_validator

from eldersafe_common.validation import StrictModel, at_most

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Level = Literal["district", "city"]
State = Literal["open", "closed"]
Light = Literal["red", "yellow", "green"]
Target = Literal["hazards", "facility"]


def _iso_date(value: Any) -> date:
    # Strict models take no date strings, so the one JSON form of a date is parsed here.
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError("must be a date in the form YYYY-MM-DD")
    try:
        parsed = date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError("must be a real calendar date") from exc
    if not 2000 <= parsed.year <= 2100:
        raise ValueError("year must lie between 2000 and 2100")
    return parsed


IsoDate = Annotated[date, PlainValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
Uuid = Annotated[str, StringConstraints(
    pattern=r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
FacilityId = Annotated[str, StringConstraints(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9-]+$")]
# Bounded strings; StrictModel already refuses NUL bytes anywhere in a body.
PersonName = Annotated[str, StringConstraints(min_length=1, max_length=100, strip_whitespace=True), at_most(100)]
Requirements = Annotated[str, StringConstraints(min_length=1, max_length=4000, strip_whitespace=True), at_most(4000)]


class SupervisionOrderCreate(StrictModel):
    """Name either ``hazard_ids`` (one facility's hazards) or ``facility_id`` (all its open hazards)."""

    hazard_ids: Annotated[list[Uuid], Field(min_length=1, max_length=100)] | None = None
    facility_id: FacilityId | None = None
    level: Level
    supervisor_name: PersonName
    deadline: IsoDate
    requirements: Requirements

    @model_validator(mode="after")
    def _one_target(self) -> SupervisionOrderCreate:
        if (self.hazard_ids is None) == (self.facility_id is None):
            raise ValueError("give exactly one of hazard_ids and facility_id")
        return self


class SupervisionOrderPublic(BaseModel):
    id: str
    number: str = Field(description="督办单号, DB-YYYY-NNNN, sequential per year")
    target: Target
    hazard_ids: list[str]
    facility_id: str
    facility_name: str
    area_code: str
    level: Level
    supervisor_name: str
    deadline: date
    requirements: str
    issued_by: str
    issued_by_name: str
    issued_at: datetime
    state: State
    closed_at: datetime | None
    closed_by: str | None
    light: Light = Field(description="red: overdue; yellow: due within 3 days; green: otherwise or closed "
                                     "(China time)")


class SupervisionOrderPage(BaseModel):
    items: list[SupervisionOrderPublic]
    total: int
    page: int
    page_size: int


class SupervisionOrderEvent(BaseModel):
    """Payload of supervision_order.issued and supervision_order.closed (v1)."""

    order_id: str
    number: str
    level: str
    facility_id: str
    area_code: str
    hazard_ids: list[str]
    supervisor_name: str
    deadline: date
    state: str
    issued_by: str
