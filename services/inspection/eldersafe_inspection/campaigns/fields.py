"""Input types shared by the campaign, task and classification schemas (strict models take no date strings)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PlainValidator, StringConstraints, WithJsonSchema

from eldersafe_common.validation import text

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Department = Literal["civil_affairs", "fire", "emergency", "police", "health", "housing", "market"]
DEPARTMENT_CODES: tuple[str, ...] = ("civil_affairs", "fire", "emergency", "police", "health", "housing", "market")
Phase = Literal["planned", "survey", "rectification", "review", "closed"]
FacilityClass = Literal["shutdown", "suspend", "pass"]
# What the rules may suggest: a facility not yet inspected by every department of the campaign is
# not_inspected, never pass. The task force decides one of the three classes only.
SuggestedClass = Literal["shutdown", "suspend", "pass", "not_inspected"]
DEPARTMENT_NAMES_ZH = {"civil_affairs": "民政", "fire": "消防", "emergency": "应急", "police": "公安",
                       "health": "卫健", "housing": "住建", "market": "市场监管"}
TaskMode = Literal["announced", "covert", "surprise", "tip_check", "follow_up"]
TaskStatus = Literal["planned", "in_progress", "done", "cancelled"]


def _iso_date(value: Any) -> date:
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


def _integral(value: Any) -> Any:
    # JSON Schema counts 7.0 as an integer; strict mode would refuse it. Booleans stay refused.
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def bounded_int(ge: int, le: int) -> Any:
    """A strict integer within bounds that also takes an integral JSON number such as ``7.0``."""
    return Annotated[int, BeforeValidator(_integral), Field(ge=ge, le=le)]


IsoDate = Annotated[date, PlainValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
AreaCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{6,15}$")]
FacilityId = Annotated[str, StringConstraints(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9-]+$")]
DeadlineDays = bounded_int(1, 365)
Page = Annotated[int, Field(ge=1, le=10_000)]
PageSize = Annotated[int, Field(ge=1, le=100)]
CampaignName = text(200, 1)
PersonName = text(100, 1)
Subject = text(64, 1)
Reason = text(2000, 1)


