"""Queries behind the Open311 views of tips (read-only; the intake writes through tips/intake.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlmodel import Session, col, select

from ...tasks.models import InspectionTask
from ..tips.models import Tip


def tips_by_numbers(session: Session, numbers: Iterable[str]) -> list[Tip]:
    """The tips with these case numbers, newest first (unknown numbers are simply absent)."""
    wanted = list(numbers)
    if not wanted:
        return []
    stmt = select(Tip).where(col(Tip.number).in_(wanted)).order_by(col(Tip.created_at).desc(), col(Tip.id))
    return list(session.exec(stmt))


def search_tips(session: Session, *, categories: list[str] | None, statuses: list[str] | None,
                start: datetime, end: datetime, limit: int) -> list[Tip]:
    """Tips received in [start, end], optionally of these categories and our statuses, newest first."""
    stmt = select(Tip).where(col(Tip.created_at) >= start, col(Tip.created_at) <= end)
    if categories is not None:
        stmt = stmt.where(col(Tip.category).in_(categories))
    if statuses is not None:
        stmt = stmt.where(col(Tip.status).in_(statuses))
    return list(session.exec(stmt.order_by(col(Tip.created_at).desc(), col(Tip.id)).limit(limit)))


def tip_by_token(session: Session, token: str) -> Tip | None:
    return session.exec(select(Tip).where(Tip.open311_token == token)).first()


def numbers_of(session: Session, tip_ids: Iterable[str]) -> dict[str, str]:
    """Case numbers by tip id (for the originals that duplicates point at)."""
    ids = list(set(tip_ids))
    if not ids:
        return {}
    return dict(session.exec(select(Tip.id, Tip.number).where(col(Tip.id).in_(ids))).all())


def due_dates_of(session: Session, task_ids: Iterable[str]) -> dict[str, date]:
    """The due date of each tip-check task."""
    ids = list(set(task_ids))
    if not ids:
        return {}
    stmt = select(col(InspectionTask.id), col(InspectionTask.due_date)).where(col(InspectionTask.id).in_(ids))
    return dict(session.exec(stmt).all())


def set_token(session: Session, tip: Tip, token: str) -> None:
    tip.open311_token = token
    session.add(tip)
    session.flush()
