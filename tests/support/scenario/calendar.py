"""The scenario's calendar, kept by the test itself: its days are numbered from a Monday (day 0), and its working
days are Monday to Friday except the holidays the test enters through the admin's calendar API — the expected
dates of the working-day ladder stages are computed here, never by the notification service's code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# The default hazard ladder (notification DESIGN.md): the reminders count calendar days before the deadline, the
# overdue stages working days after it.
CALENDAR_STAGES = {"remind_3d": -3, "remind_1d": -1, "due_day": 0}
WORKING_STAGES = {"overdue_3wd": 3, "overdue_7wd": 7}
STAGES = (*CALENDAR_STAGES, *WORKING_STAGES)


def first_monday_after(day: date) -> date:
    """The first Monday strictly after ``day``: the scenario starts ahead of the real clock, on a known weekday."""
    return day + timedelta(days=7 - day.weekday())


@dataclass(frozen=True)
class Calendar:
    day0: date  # a Monday
    last: int  # the last day number the scenario plays
    holidays: frozenset[date]  # every holiday the test entered

    def __post_init__(self) -> None:
        assert self.day0.weekday() == 0, self.day0

    def day(self, number: int) -> date:
        return self.day0 + timedelta(days=number)

    def number(self, day: date) -> int:
        return (day - self.day0).days

    def is_workday(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def working_days_after(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day``."""
        while count:
            day += timedelta(days=1)
            count -= self.is_workday(day)
        return day

    def ladder(self, deadline: date) -> dict[str, date]:
        """The day each stage of the default ladder reaches a hazard with this deadline."""
        days = {stage: deadline + timedelta(days=offset) for stage, offset in CALENDAR_STAGES.items()}
        days.update({stage: self.working_days_after(deadline, offset) for stage, offset in WORKING_STAGES.items()})
        return days

    def years(self) -> list[int]:
        return sorted({self.day(0).year, self.day(self.last).year})

    def arrangement(self, year: int) -> str:
        """The year's arrangement as an admin pastes it (``PUT /api/notification/calendar/years/{year}``): the
        test's holidays in that year. Entering a year makes it known whatever the installed package says, so the
        days not listed are Monday to Friday — the calendar the expectations here assume, in any season."""
        lines = [f"# 情景测试 {year} 年节假日安排"]
        lines += [f"{day.isoformat()} holiday 情景测试假日" for day in sorted(self.holidays) if day.year == year]
        assert len(lines) > 1, f"no holiday of the test's in {year}"
        return "\n".join(lines)


def scenario_calendar(*, real_today: date, last: int, holiday: int, outside: int) -> Calendar:
    """Day 0 is the Monday after ``real_today``; ``holiday`` (a day number) is the holiday inside the window. A year
    the window touches without that holiday gets one ``outside`` days before or after the window (each entered year
    needs a day): never inside it, so the expectations are those of the one holiday and the weekends."""
    day0 = first_monday_after(real_today)
    days = {day0 + timedelta(days=holiday)}
    for year in {day0.year, (day0 + timedelta(days=last)).year}:
        if not any(day.year == year for day in days):
            spare = day0 - timedelta(days=outside) if year == day0.year else day0 + timedelta(days=last + outside)
            assert spare.year == year, spare
            days.add(spare)
    return Calendar(day0=day0, last=last, holidays=frozenset(days))
