"""Queries on the reward rule, rewards and the tips they are for."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from ..tips.models import Tip, TipHazard
from ..tips.reward_models import TipReward
from .models import RewardRule


def get_rule(session: Session, area_code: str) -> RewardRule | None:
    return session.get(RewardRule, area_code)


def lock_rule(session: Session, area_code: str, *, now: datetime) -> RewardRule:
    """The district's rule row under a row lock, created with the defaults first when missing (two first
    writers race on the primary key: the loser's savepoint rolls back and it takes the winner's row)."""
    stmt = select(RewardRule).where(RewardRule.area_code == area_code).with_for_update().execution_options(
        populate_existing=True)
    rule = session.exec(stmt).first()
    if rule is not None:
        return rule
    try:
        with session.begin_nested():
            session.add(RewardRule(area_code=area_code, updated_at=now))
    except IntegrityError:
        pass
    return session.exec(stmt).one()


def get_reward(session: Session, reward_id: str, *, for_update: bool = False) -> TipReward | None:
    """The reward; with ``for_update`` reloaded under a row lock (PostgreSQL ``FOR UPDATE``)."""
    stmt = select(TipReward).where(TipReward.id == reward_id)
    if for_update:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return session.exec(stmt).first()


def reward_for_tip(session: Session, tip_id: str) -> TipReward | None:
    return session.exec(select(TipReward).where(TipReward.tip_id == tip_id)).first()


def get_tip(session: Session, tip_id: str) -> Tip | None:
    return session.get(Tip, tip_id)


def lock_facility_tips(session: Session, *, tip_id: str, facility_id: str | None) -> Tip | None:
    """Reload the tip and every other tip on its facility under row locks, in id order, so that two proposals
    for the same facility take turns (the first-valid-reporter rule reads the others' rewards)."""
    condition = col(Tip.id) == tip_id
    if facility_id is not None:
        condition = or_(condition, col(Tip.facility_id) == facility_id)
    rows = session.exec(select(Tip).where(condition).order_by(col(Tip.id)).with_for_update()
                        .execution_options(populate_existing=True)).all()
    return next((row for row in rows if row.id == tip_id), None)


def has_major_hazard(session: Session, tip_id: str) -> bool:
    return session.exec(select(TipHazard.hazard_key).where(
        TipHazard.tip_id == tip_id, TipHazard.severity == "major")).first() is not None


def earlier_rewarded_tip(session: Session, *, tip: Tip) -> str | None:
    """The number of an earlier verified tip on the same facility that holds a reward not rejected, if any."""
    if tip.facility_id is None:
        return None
    return session.exec(
        select(Tip.number).join(TipReward, col(TipReward.tip_id) == col(Tip.id))
        .where(Tip.facility_id == tip.facility_id, Tip.id != tip.id, Tip.status == "verified",
               TipReward.status != "rejected",
               # Case numbers are handed out in order: they settle two tips received in the same instant.
               or_(col(Tip.created_at) < tip.created_at,
                   and_(col(Tip.created_at) == tip.created_at, col(Tip.number) < tip.number)))
        .order_by(col(Tip.created_at), col(Tip.number))
    ).first()


def tip_numbers(session: Session, tip_ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """Tip id → (number, facility name)."""
    ids = sorted(set(tip_ids))
    if not ids:
        return {}
    rows = session.exec(select(Tip.id, Tip.number, Tip.facility_name).where(col(Tip.id).in_(ids)))
    return {row[0]: (row[1], row[2]) for row in rows}


def list_rewards(session: Session, *, area: str, department: str | None, status: str | None, offset: int,
                 limit: int) -> tuple[list[TipReward], int]:
    """Rewards inside ``area`` (of one department, when given), newest proposal first, and how many in all."""
    conditions = [col(TipReward.area_code).startswith(area, autoescape=True)]
    if department is not None:
        conditions.append(col(TipReward.department) == department)
    if status is not None:
        conditions.append(col(TipReward.status) == status)
    total = session.exec(select(func.count()).select_from(TipReward).where(*conditions)).one()
    rows = session.exec(select(TipReward).where(*conditions)
                        .order_by(col(TipReward.proposed_at).desc(), col(TipReward.id)).offset(offset).limit(limit))
    return list(rows), int(total)
