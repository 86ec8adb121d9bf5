"""Tip case numbers, ``JB-<year>-<6 digits>``: sequential per year (China time), never handed out twice.

The counter works like the rectification service's supervision-order counter: one UPDATE … RETURNING in the
intake's transaction, so concurrent intakes queue on the row lock (PostgreSQL) or on the writer lock that
BEGIN IMMEDIATE takes (SQLite); the first tip of a year inserts the row, and a concurrent first insert loses on
the primary key and takes the next number instead.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, col

from eldersafe_common import clock

from ...base import InspectionBase


class TipCounter(InspectionBase, table=True):
    """The last tip number handed out per year."""

    __tablename__ = "tip_counter"

    year: int = Field(primary_key=True, ge=2000, le=2100)
    last: int = Field(default=0)


# Built once: every public intake runs it.
_BUMP = (
    update(TipCounter)
    .where(col(TipCounter.year) == bindparam("bump_year"))
    .values(last=col(TipCounter.last) + 1)
    .returning(col(TipCounter.last))
)


def next_sequence(session: Session, *, year: int) -> int:
    """Take the next sequence of ``year`` inside the caller's transaction."""
    value = session.connection().execute(_BUMP, {"bump_year": year}).scalar_one_or_none()
    if value is not None:
        return int(value)
    try:
        with session.begin_nested():
            session.connection().execute(insert(TipCounter).values(year=year, last=1))
        return 1
    except IntegrityError:
        return int(session.connection().execute(_BUMP, {"bump_year": year}).scalar_one())


def next_number(session: Session, *, now: datetime | None = None) -> str:
    """The next case number, in the caller's transaction (the year is the district's, China time)."""
    year = clock.china_now(now).year
    return f"JB-{year:04d}-{next_sequence(session, year=year):06d}"
