"""Queries of the public tip endpoints (the staff side's are in repository.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from ..models import InspectionTarget
from ..rewards.models import TipReward
from .models import Tip, TipHazard, TipMessage, TipPhoto

DEREGISTERED = "deregistered"


def search_facilities(session: Session, *, q: str, limit: int) -> list[InspectionTarget]:
    """Facilities whose name or address contains ``q`` (case-insensitive), not deregistered, by name."""
    escaped = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    stmt = (
        select(InspectionTarget)
        .where(col(InspectionTarget.status) != DEREGISTERED)
        .where(or_(func.lower(col(InspectionTarget.name)).like(pattern, escape="\\"),
                   func.lower(col(InspectionTarget.address)).like(pattern, escape="\\")))
        .order_by(col(InspectionTarget.name), col(InspectionTarget.facility_id))
        .limit(limit)
    )
    return list(session.exec(stmt))


def get_target(session: Session, facility_id: str) -> InspectionTarget | None:
    return session.get(InspectionTarget, facility_id)


def recent_descriptions(session: Session, *, facility_id: str, since: datetime,
                        limit: int) -> list[tuple[str, str]]:
    """(id, description) of the facility's tips since ``since``, oldest first (the newest ``limit``)."""
    stmt = (
        select(Tip.id, Tip.description)
        .where(col(Tip.facility_id) == facility_id, col(Tip.created_at) >= since)
        .order_by(col(Tip.created_at).desc())
        .limit(limit)
    )
    return [(tip_id, description) for tip_id, description in reversed(list(session.exec(stmt)))]


def by_receipt_hash(session: Session, receipt_hash: str) -> Tip | None:
    return session.exec(select(Tip).where(col(Tip.receipt_hash) == receipt_hash)).first()


def number_of(session: Session, tip_id: str) -> str | None:
    return session.exec(select(Tip.number).where(col(Tip.id) == tip_id)).first()


def hazards(session: Session, tip_id: str) -> list[TipHazard]:
    return list(session.exec(select(TipHazard).where(col(TipHazard.tip_id) == tip_id)
                             .order_by(col(TipHazard.linked_at), col(TipHazard.hazard_key))))


def messages(session: Session, tip_id: str) -> list[TipMessage]:
    return list(session.exec(select(TipMessage).where(col(TipMessage.tip_id) == tip_id)
                             .order_by(col(TipMessage.created_at), col(TipMessage.id))))


def count_reporter_messages(session: Session, tip_id: str) -> int:
    stmt = select(func.count()).select_from(TipMessage).where(
        col(TipMessage.tip_id) == tip_id, col(TipMessage.author) == "reporter")
    return int(session.exec(stmt).one())


def reward_status(session: Session, tip_id: str) -> str | None:
    return session.exec(select(TipReward.status).where(col(TipReward.tip_id) == tip_id)).first()


def add_tip(session: Session, tip: Tip, photos: list[TipPhoto]) -> Tip:
    # One flush: the unit of work inserts the tip before the photos that reference it.
    session.add(tip)
    session.add_all(photos)
    session.flush()
    return tip


def add_message(session: Session, message: TipMessage, tip: Tip) -> TipMessage:
    session.add(message)
    session.add(tip)
    session.flush()
    return message
