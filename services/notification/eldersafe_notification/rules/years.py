"""A whole year's working-day arrangement (the State Council's notice: holidays and adjusted working days) entered
at once, and which years the calendar knows.

chinesecalendar ships the arrangements it knew when it was released; a later year falls back to Monday–Friday.
An admin pastes or uploads the year's notice, which replaces that year's calendar_day rows in one transaction
and marks the year known (``calendar_year``). The text format, one entry a line::

    # comments and blank lines are ignored
    2027-01-01 holiday 元旦
    2027-02-06..2027-02-12 holiday 春节
    2027-02-14 workday 春节调休

``holiday`` / ``workday`` (or 休 / 班), a day or an inclusive range ``start..end``, an optional note. The same
entries can be sent as JSON (``entries: [{start, end, kind, note}]``). Every line or entry is checked; the first
refusal does not hide the others (422 ``calendar_year_invalid``, each error naming its line or entry).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal
from eldersafe_common.errors import FieldError, Invalid

from . import calendar, repository
from .models import CalendarDay, CalendarYear
from .schemas import CalendarYearKnowledge, CalendarYearList, CalendarYearUpdate

KINDS = {"holiday": "holiday", "workday": "workday", "休": "holiday", "班": "workday"}
# A range longer than this is a typo (the longest holiday is about 9 days).
MAX_RANGE_DAYS = 31
_LINE = re.compile(r"^(\S+?)(?:\.\.(\S+))?\s+(\S+)(?:\s+(.*))?$")
# From this China date on, next year's arrangement is asked for (the State Council publishes it in autumn).
ASK_FROM = (11, 1)


@dataclass(frozen=True)
class Entry:
    start: date
    end: date
    kind: str
    note: str | None


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        return None


def _check(*, year: int, start: str, end: str | None, kind: str, note: str | None,
           problem: list[str]) -> Entry | None:
    first, last = _day(start), _day(end) if end else _day(start)
    if first is None:
        problem.append(f"{start!r} is not a date YYYY-MM-DD")
    if end and last is None:
        problem.append(f"{end!r} is not a date YYYY-MM-DD")
    if kind not in KINDS:
        problem.append(f"{kind!r} must be holiday or workday (休 / 班)")
    if note and len(note) > 200:
        problem.append("the note is longer than 200 characters")
    if first is None or last is None or problem:
        return None
    if last < first:
        problem.append(f"the range ends ({last}) before it starts ({first})")
    elif (last - first).days >= MAX_RANGE_DAYS:
        problem.append(f"a range of {(last - first).days + 1} days is too long (at most {MAX_RANGE_DAYS})")
    if first.year != year or last.year != year:
        problem.append(f"lies outside {year}")
    return None if problem else Entry(first, last, KINDS[kind], note or None)


def parse(*, year: int, data: CalendarYearUpdate) -> list[Entry]:
    """The entries of ``data`` (text or JSON), each checked; 422 naming every bad line or entry."""
    errors: list[FieldError] = []
    entries: list[tuple[Entry, str, int]] = []
    if (data.text is None) == (data.entries is None):
        raise Invalid("Send the year's arrangement as text or as entries.", code="calendar_year_invalid",
                      errors=[FieldError(field="body", reason="give exactly one of text and entries")])
    if data.text is not None:
        for number, raw in enumerate(data.text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            problem: list[str] = []
            match = _LINE.match(line)
            entry = None
            if match is None:
                problem.append("expected 'YYYY-MM-DD[..YYYY-MM-DD] holiday|workday [note]'")
            else:
                entry = _check(year=year, start=match[1], end=match[2], kind=match[3],
                               note=(match[4] or "").strip(), problem=problem)
            if entry is None:
                errors.append(FieldError(field="body.text", row=number, reason=f"line {number}: {'; '.join(problem)}"))
            else:
                entries.append((entry, "body.text", number))
    else:
        for index, item in enumerate(data.entries or []):
            problem = []
            entry = _check(year=year, start=item.start, end=item.end, kind=item.kind, note=item.note, problem=problem)
            if entry is None:
                errors.append(FieldError(field=f"body.entries.{index}", row=index + 1,
                                         reason=f"entry {index + 1}: {'; '.join(problem)}"))
            else:
                entries.append((entry, f"body.entries.{index}", index + 1))
    errors.extend(_overlaps(entries))
    if not errors and not entries:
        errors.append(FieldError(field="body.text" if data.text is not None else "body.entries",
                                 reason=f"no days given for {year}"))
    if errors:
        raise Invalid(f"The {year} arrangement is not valid.", code="calendar_year_invalid", errors=errors)
    return [entry for entry, _, _ in entries]


def _overlaps(entries: list[tuple[Entry, str, int]]) -> list[FieldError]:
    seen: dict[date, int] = {}
    errors = []
    for entry, field, number in entries:
        day = entry.start
        while day <= entry.end:
            if day in seen:
                word = "line" if field == "body.text" else "entry"
                errors.append(FieldError(field=field, row=number,
                                         reason=f"{word} {number}: {day} is already given on {word} {seen[day]}"))
                break
            seen[day] = number
            day += timedelta(days=1)
    return errors


def replace_year(session: Session, *, principal: Principal, year: int, entries: list[Entry]) -> CalendarYear:
    """Replace ``year``'s calendar days with ``entries`` and mark the year known, in the caller's transaction."""
    now = clock.now()
    repository.delete_calendar_days(session, year=year)
    for entry in entries:
        day = entry.start
        while day <= entry.end:
            session.add(CalendarDay(day=day, kind=entry.kind, note=entry.note, updated_by=principal.subject,
                                    updated_by_name=principal.name, updated_at=now))
            day += timedelta(days=1)
    kinds = [entry.kind for entry in entries for _ in range((entry.end - entry.start).days + 1)]
    row = repository.calendar_year(session, year) or CalendarYear(year=year, updated_at=now)
    row.holidays, row.workdays = kinds.count("holiday"), kinds.count("workday")
    row.updated_by, row.updated_by_name, row.updated_at = principal.subject, principal.name, now
    session.add(row)
    session.flush()
    return row


def entered_years(session: Session) -> dict[int, CalendarYear]:
    return {row.year: row for row in repository.calendar_years(session)}


def knowledge(session: Session, years: list[int]) -> list[CalendarYearKnowledge]:
    """For each year: known from an admin's entry, from chinesecalendar, or not at all (Monday–Friday)."""
    entered = entered_years(session)
    items = []
    for year in sorted(set(years) | set(entered)):
        row = entered.get(year)
        source = "entered" if row else "chinesecalendar" if calendar.package_knows(year) else "unknown"
        items.append(CalendarYearKnowledge(
            year=year, known=source != "unknown", source=source,  # type: ignore[arg-type]
            package_knows=calendar.package_knows(year), holidays=row.holidays if row else None,
            workdays=row.workdays if row else None, updated_by_name=row.updated_by_name if row else None,
            updated_at=row.updated_at if row else None))
    return items


def years_to_know(today: date) -> list[int]:
    """The years the calendar must know on ``today`` (China date): this one, and from 1 November the next."""
    return [today.year, today.year + 1] if (today.month, today.day) >= ASK_FROM else [today.year]


def unknown_years(session: Session, *, today: date) -> list[int]:
    """Of the years needed on ``today``, those neither the package nor an admin's entry knows."""
    needed = years_to_know(today)
    return [item.year for item in knowledge(session, needed) if not item.known and item.year in needed]


def listing(session: Session, *, today: date) -> CalendarYearList:
    """Last year to next year, plus every entered year; which are known and which still need entering."""
    first, last = calendar.package_years()
    items = knowledge(session, [today.year - 1, today.year, today.year + 1])
    return CalendarYearList(items=items, package_years=[first, last],
                            missing=unknown_years(session, today=today))

