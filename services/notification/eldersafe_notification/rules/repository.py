"""Queries on rules, settings, calendar days and the years entered whole."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete
from sqlmodel import Session, col, select

from .models import CalendarDay, CalendarYear, NotificationRule, NotificationSettingsRow


def rules(session: Session, rule_key: str | None = None) -> list[NotificationRule]:
    stmt = select(NotificationRule)
    if rule_key is not None:
        stmt = stmt.where(col(NotificationRule.rule_key) == rule_key)
    return list(session.exec(stmt.order_by(col(NotificationRule.rule_key), col(NotificationRule.campaign_id),
                                           col(NotificationRule.severity))))


def rule(session: Session, *, rule_key: str, severity: str, campaign_id: str) -> NotificationRule | None:
    return session.exec(select(NotificationRule).where(
        col(NotificationRule.rule_key) == rule_key, col(NotificationRule.severity) == severity,
        col(NotificationRule.campaign_id) == campaign_id)).first()


def settings_row(session: Session) -> NotificationSettingsRow | None:
    return session.get(NotificationSettingsRow, 1)


def calendar_days(session: Session, *, year: int) -> list[CalendarDay]:
    return list(session.exec(select(CalendarDay).where(
        col(CalendarDay.day) >= date(year, 1, 1), col(CalendarDay.day) <= date(year, 12, 31)
    ).order_by(col(CalendarDay.day))))


def calendar_day(session: Session, day: date) -> CalendarDay | None:
    return session.get(CalendarDay, day)


def calendar_days_between(session: Session, *, first: date, last: date) -> list[CalendarDay]:
    """The admin's days from ``first`` to ``last``, both included."""
    return list(session.exec(select(CalendarDay).where(col(CalendarDay.day) >= first, col(CalendarDay.day) <= last)))


def delete_calendar_days(session: Session, *, year: int) -> None:
    session.execute(delete(CalendarDay).where(col(CalendarDay.day) >= date(year, 1, 1),
                                              col(CalendarDay.day) <= date(year, 12, 31)))


def calendar_year(session: Session, year: int) -> CalendarYear | None:
    return session.get(CalendarYear, year)


def calendar_years(session: Session) -> list[CalendarYear]:
    """Every year an admin entered whole."""
    return list(session.exec(select(CalendarYear)))


def entered_year_numbers(session: Session) -> list[int]:
    return list(session.exec(select(CalendarYear.year)))
