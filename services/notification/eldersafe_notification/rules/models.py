"""Ladders per rule (with severity and campaign variants), the service's settings and the admin's calendar days."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import NotificationBase

# "" rather than NULL means "any": NULLs never collide in a unique constraint, so two defaults could exist.
ANY = ""


class NotificationRule(NotificationBase, table=True):
    """A ladder for one rule key; severity and campaign narrow it (most specific wins)."""

    __tablename__ = "notification_rule"
    __table_args__ = (UniqueConstraint("rule_key", "severity", "campaign_id", name="uq_notification_rule_variant"),)

    id: str = Field(primary_key=True, max_length=36)
    rule_key: str = Field(max_length=64)
    severity: str = Field(default=ANY, max_length=16)
    campaign_id: str = Field(default=ANY, max_length=36)
    # [{stage, offset_days, day_kind, recipients, channels, flag_supervision}], offsets strictly increasing
    stages: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    updated_by: str | None = Field(default=None, max_length=64)
    updated_by_name: str | None = Field(default=None, max_length=100)
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class NotificationSettingsRow(NotificationBase, table=True):
    """The one row of service-wide settings (China time): SMS quiet hours and the digest time."""

    __tablename__ = "notification_settings"

    id: int = Field(default=1, primary_key=True)
    quiet_start: str = Field(default="22:00", max_length=5)
    quiet_end: str = Field(default="07:00", max_length=5)
    digest_time: str = Field(default="08:00", max_length=5)
    updated_by: str | None = Field(default=None, max_length=64)
    updated_by_name: str | None = Field(default=None, max_length=100)
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class CalendarDay(NotificationBase, table=True):
    """An admin's word on one day (a workday or a holiday); it overrides chinesecalendar and covers the years
    the package does not know."""

    __tablename__ = "calendar_day"

    day: date = Field(primary_key=True)
    kind: str = Field(max_length=10)  # workday | holiday
    note: str | None = Field(default=None, max_length=200)
    updated_by: str | None = Field(default=None, max_length=64)
    updated_by_name: str | None = Field(default=None, max_length=100)
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class CalendarYear(NotificationBase, table=True):
    """A year whose whole State Council arrangement an admin entered at once: its holidays and adjusted working
    days are the calendar_day rows of that year, and the year counts as known (chinesecalendar or not)."""

    __tablename__ = "calendar_year"

    year: int = Field(primary_key=True)
    holidays: int = 0
    workdays: int = 0
    updated_by: str | None = Field(default=None, max_length=64)
    updated_by_name: str | None = Field(default=None, max_length=100)
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
