from datetime import date

from sqlmodel import Session

from eldersafe_notification.escalation.tick import tick
from eldersafe_notification.rules.calendar import WorkingCalendar, package_knows
from eldersafe_notification.rules.models import CalendarDay
from tests.services.notification.ladder import china, district_contacts, hazard, rows


def test_holidays_make_up_days_and_unknown_years() -> None:
    calendar = WorkingCalendar.of()
    assert not calendar.is_workday(date(2026, 10, 1))  # National Day
    assert calendar.is_workday(date(2026, 10, 10))  # a make-up Saturday
    assert not calendar.is_workday(date(2026, 10, 11))
    assert not package_knows(2027)
    assert calendar.is_workday(date(2027, 1, 4)) and not calendar.is_workday(date(2027, 1, 9))  # weekdays only


def test_overrides_come_first() -> None:
    calendar = WorkingCalendar.of([(date(2027, 2, 20), "workday"), (date(2026, 10, 10), "holiday")])
    assert calendar.is_workday(date(2027, 2, 20))  # a Saturday an admin made a make-up day
    assert not calendar.is_workday(date(2026, 10, 10))


def test_cutoffs_walk_working_days() -> None:
    calendar = WorkingCalendar.of()
    # On 10 October 2026 three working days (8, 9, 10 Oct) have passed since 30 September and no later date.
    assert calendar.cutoff(date(2026, 10, 10), offset_days=3, day_kind="working") == date(2026, 10, 7)
    assert calendar.cutoff(date(2026, 10, 9), offset_days=3, day_kind="working") == date(2026, 9, 29)
    assert calendar.cutoff(date(2026, 10, 12), offset_days=0, day_kind="working") == date(2026, 10, 12)
    assert calendar.cutoff(date(2026, 10, 12), offset_days=-3, day_kind="calendar") == date(2026, 10, 15)
    # one working day before: on Wednesday 30 September a deadline as late as 8 October is reached
    assert calendar.cutoff(date(2026, 9, 30), offset_days=-1, day_kind="working") == date(2026, 10, 8)


def test_an_admin_make_up_day_in_2027_moves_the_ladder(session: Session) -> None:
    district_contacts(session)
    hazard(session, "h-1", deadline=date(2027, 2, 17))  # a Wednesday; the package knows nothing of 2027
    tick(session, now=china(date(2027, 2, 17)))
    tick(session, now=china(date(2027, 2, 20)))  # Saturday: weekdays only → 18, 19 = two working days
    assert rows(session, stage="overdue_3wd") == []
    session.add(CalendarDay(day=date(2027, 2, 20), kind="workday", updated_at=china(date(2027, 2, 1))))
    session.flush()
    tick(session, now=china(date(2027, 2, 20), 10))
    assert {r.recipient for r in rows(session, stage="overdue_3wd")} == {"account:sd-head"}
