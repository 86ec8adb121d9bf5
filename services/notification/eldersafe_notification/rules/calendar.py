"""Working days in China: an admin's calendar_day row first; in a year an admin entered whole (``calendar_year``:
the State Council's arrangement, every holiday and make-up workday listed), Monday–Friday for the days not listed,
whatever the package says; otherwise chinesecalendar (holidays and make-up workdays), and Monday–Friday for a
year the package does not know."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import chinese_calendar
from sqlmodel import Session

from . import repository

# A working-day walk never needs more than this many days (the longest holiday is about 9 days).
MAX_WALK_DAYS = 400


def package_knows(year: int) -> bool:
    """True when chinesecalendar has the State Council's schedule for ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def package_years() -> tuple[int, int]:
    """The first and last year the installed chinesecalendar knows."""
    years = sorted({day.year for day in chinese_calendar.holidays})
    return years[0], years[-1]


def _package_workday(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


class WorkingCalendar:
    """Answers "is this a working day?" for a range of days with one query for the admin's overrides."""

    def __init__(self, overrides: dict[date, str], entered_years: Iterable[int] = ()):
        self._overrides = overrides
        self._entered = frozenset(entered_years)
        self._cache: dict[date, bool] = {}

    @classmethod
    def load(cls, session: Session, *, around: date, days: int = MAX_WALK_DAYS) -> WorkingCalendar:
        """The calendar with every override within ``days`` of ``around``, and the years entered whole."""
        span = timedelta(days=days)
        rows = repository.calendar_days_between(session, first=around - span, last=around + span)
        return cls({row.day: row.kind for row in rows}, entered_years=repository.entered_year_numbers(session))

    @classmethod
    def of(cls, overrides: Iterable[tuple[date, str]] = (), entered_years: Iterable[int] = ()) -> WorkingCalendar:
        return cls(dict(overrides), entered_years)

    def is_workday(self, day: date) -> bool:
        """An override if there is one; else Monday–Friday in a year entered whole; else the package, else
        Monday–Friday."""
        known = self._cache.get(day)
        if known is None:
            kind = self._overrides.get(day)
            if kind is not None:
                known = kind == "workday"
            else:
                known = day.weekday() < 5 if day.year in self._entered else _package_workday(day)
            self._cache[day] = known
        return known

    def nth_workday(self, start: date, n: int) -> date:
        """The ``|n|``-th working day after ``start`` (n > 0) or before it (n < 0); ``start`` when n == 0."""
        step = timedelta(days=1 if n > 0 else -1)
        day, left = start, abs(n)
        for _ in range(MAX_WALK_DAYS):
            if left == 0:
                return day
            day += step
            if self.is_workday(day):
                left -= 1
        raise ValueError(f"no {n}th working day within {MAX_WALK_DAYS} days of {start}")

    def cutoff(self, today: date, *, offset_days: int, day_kind: str) -> date:
        """The latest deadline that has reached a stage ``offset_days`` (calendar or working) from it today.

        Calendar: deadline + offset <= today. Working, after the deadline (k > 0): the stage is due on the
        k-th working day after the deadline, so the deadline must lie before the k-th working day counted
        back from today (the day before it is the cut-off; today counts when it is a working day). Working,
        before the deadline (k < 0): due on the |k|-th working day before the deadline, so the deadline may
        be as late as the |k|-th working day after today.
        """
        if day_kind == "calendar" or offset_days == 0:
            return today - timedelta(days=offset_days)
        if offset_days > 0:
            anchor = today if self.is_workday(today) else self.nth_workday(today, -1)
            return self.nth_workday(anchor, -(offset_days - 1)) - timedelta(days=1)
        return self.nth_workday(today, -offset_days)
