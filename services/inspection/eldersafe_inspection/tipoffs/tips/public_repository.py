"""Queries of the public tip endpoints (the staff side's are in repository.py).

The intake's statements are SQLAlchemy Core, built once, on the session's connection (the same transaction):
the ORM's identity map and unit of work cost more than the inserts themselves on this, the public write path.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, func, insert, or_
from sqlalchemy import select as core_select
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, col, select

from ...targets.models import InspectionTarget
from .models import Tip, TipHazard, TipMessage, TipPhoto
from .reward_models import TipReward

DEREGISTERED = "deregistered"

_targets = InspectionTarget.__table__  # type: ignore[attr-defined]
_tips = Tip.__table__  # type: ignore[attr-defined]
_TARGET_FACTS = core_select(_targets.c.name, _targets.c.area_code, _targets.c.status).where(
    _targets.c.facility_id == bindparam("facility_id"))
_RECENT = (
    core_select(_tips.c.id, _tips.c.description)
    .where(_tips.c.facility_id == bindparam("facility_id"), _tips.c.created_at >= bindparam("since"))
    .order_by(_tips.c.created_at.desc())
    .limit(bindparam("limit"))
)
_INSERT_TIP = insert(_tips)


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


def target_facts(session: Session, facility_id: str) -> Row[Any] | None:
    """(name, area_code, status) of a facility in inspection's copy, or None."""
    return session.connection().execute(_TARGET_FACTS, {"facility_id": facility_id}).first()


def recent_descriptions(session: Session, *, facility_id: str, since: datetime,
                        limit: int) -> list[tuple[str, str]]:
    """(id, description) of the facility's tips since ``since``, oldest first (the newest ``limit``)."""
    rows = session.connection().execute(_RECENT, {"facility_id": facility_id, "since": since, "limit": limit})
    return [(tip_id, description) for tip_id, description in reversed(rows.all())]


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
    """Insert a new tip (one Core INSERT) and its photos; the tip joins the session as a loaded row."""
    values = {column.key: getattr(tip, column.key) for column in _tips.columns}
    session.connection().execute(_INSERT_TIP, values)
    # As if it had just been loaded: later writes (Open311's token, triage) update it with the version check.
    make_transient_to_detached(tip)
    session.add(tip)
    if photos:
        session.add_all(photos)
        session.flush()
    return tip


def add_message(session: Session, message: TipMessage, tip: Tip) -> TipMessage:
    session.add(message)
    session.add(tip)
    session.flush()
    return message
