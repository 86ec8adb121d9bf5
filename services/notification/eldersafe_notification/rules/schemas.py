"""Ladders, settings and calendar days: inputs and answers."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, PlainValidator, StringConstraints, WithJsonSchema

from eldersafe_common.validation import StrictModel, at_most

RuleKey = Literal["hazard.deadline", "supervision_order.deadline"]
Severity = Literal["ordinary", "major"]
StageName = Literal["issued", "remind_3d", "remind_1d", "due_day", "overdue_3wd", "overdue_7wd"]
RecipientKind = Literal["responsible", "supervisor", "department_head", "community_officer", "subdistrict_head",
                        "task_force_leader", "facility_manager"]
Channel = Literal["sms", "email", "inbox"]
DayKind = Literal["calendar", "working"]
DayType = Literal["workday", "holiday"]

RULE_KEYS: tuple[str, ...] = ("hazard.deadline", "supervision_order.deadline")
CampaignId = Annotated[str, StringConstraints(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9-]+$")]
_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def _clock(value: Any) -> str:
    if not isinstance(value, str) or not _CLOCK.match(value):
        raise ValueError("must be a time of day HH:MM (00:00–23:59)")
    return value


Clock = Annotated[str, PlainValidator(_clock), WithJsonSchema({"type": "string", "pattern": _CLOCK.pattern,
                                                               "example": "22:00"})]


class LadderStage(StrictModel):
    """One rung: when (days from the deadline, calendar or working), who and how."""

    stage: StageName
    offset_days: Annotated[int, Field(ge=-30, le=60)] | None = Field(
        default=None, description="Days from the deadline (negative: before it); null only for `issued`")
    day_kind: DayKind = "calendar"
    recipients: Annotated[list[RecipientKind], Field(min_length=1, max_length=7)]
    channels: Annotated[list[Channel], Field(min_length=1, max_length=3)]
    flag_supervision: bool = False


class RuleUpdate(StrictModel):
    """The whole ladder of one rule variant, stages in firing order."""

    stages: Annotated[list[LadderStage], Field(min_length=1, max_length=10)]


class RulePublic(BaseModel):
    id: str
    rule_key: str
    severity: Severity | None
    campaign_id: str | None
    stages: list[LadderStage]
    updated_by: str | None
    updated_by_name: str | None
    updated_at: datetime


class RuleList(BaseModel):
    items: list[RulePublic]
    total: int


class SettingsUpdate(StrictModel):
    """SMS quiet hours and the digest time, China time. A window with start == end would never end."""

    quiet_start: Clock
    quiet_end: Clock
    digest_time: Clock


class SettingsPublic(BaseModel):
    quiet_start: str
    quiet_end: str
    digest_time: str
    updated_by: str | None
    updated_by_name: str | None
    updated_at: datetime


class CalendarDayUpdate(StrictModel):
    kind: DayType
    note: Annotated[str, StringConstraints(max_length=200, strip_whitespace=True), at_most(200)] | None = None


class CalendarDayPublic(BaseModel):
    day: date
    kind: DayType
    note: str | None
    updated_by: str | None
    updated_by_name: str | None
    updated_at: datetime


class CalendarDayList(BaseModel):
    items: list[CalendarDayPublic]
    total: int


class CalendarYearStatus(BaseModel):
    year: int
    package_knows: bool = Field(description="chinesecalendar has this year's holidays and make-up workdays")
    package_years: list[int] = Field(description="first and last year the installed package knows")
    overrides: int = Field(description="admin-entered days in this year")
    fallback: Literal["chinesecalendar", "entered", "weekdays"] = Field(
        description="where working days come from: the package, an admin's whole-year entry, or Monday–Friday")
    entered: bool = Field(default=False, description="an admin entered this year's whole arrangement")


class CalendarYearEntry(StrictModel):
    """One entry of a year's arrangement: a day, or the inclusive range start..end."""

    start: Annotated[str, StringConstraints(max_length=10)] = Field(description="YYYY-MM-DD")
    end: Annotated[str, StringConstraints(max_length=10)] | None = Field(default=None, description="YYYY-MM-DD")
    kind: Annotated[str, StringConstraints(max_length=10)] = Field(description="holiday or workday (休 / 班)")
    note: Annotated[str, StringConstraints(max_length=200)] | None = None


class CalendarYearUpdate(StrictModel):
    """A year's whole arrangement: ``text`` (one entry a line, see DESIGN.md) or ``entries``, exactly one."""

    text: Annotated[str, StringConstraints(max_length=20_000)] | None = Field(
        default=None, examples=["2027-02-06..2027-02-12 holiday 春节\n2027-02-14 workday 春节调休"])
    entries: Annotated[list[CalendarYearEntry], Field(max_length=400)] | None = None


class CalendarYearKnowledge(BaseModel):
    year: int
    known: bool
    source: Literal["chinesecalendar", "entered", "unknown"]
    package_knows: bool
    holidays: int | None = Field(description="days entered as holidays (an entered year)")
    workdays: int | None = Field(description="days entered as adjusted working days (an entered year)")
    updated_by_name: str | None
    updated_at: datetime | None


class CalendarYearList(BaseModel):
    items: list[CalendarYearKnowledge]
    package_years: list[int] = Field(description="first and last year the installed chinesecalendar knows")
    missing: list[int] = Field(description="years needed now that nothing knows (this year; next from 1 November)")
