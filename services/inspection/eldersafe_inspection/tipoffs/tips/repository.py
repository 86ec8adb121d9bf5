"""Queries on tips for the staff side: the queue, one case with its photos, thread and hazards, and the
campaigns a tip check may belong to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from ...campaigns.models import Campaign, CampaignFacility
from ...targets.models import InspectionTarget
from ...tasks.models import InspectionTask
from .models import Tip, TipHazard, TipMessage, TipPhoto
from .reward_models import TipReward
from .schemas import TipFilters


def get_tip(session: Session, tip_id: str, *, for_update: bool = False) -> Tip | None:
    stmt = select(Tip).where(Tip.id == tip_id)
    if for_update:
        stmt = stmt.with_for_update()
    return session.exec(stmt).first()


def get_tip_by_number(session: Session, number: str) -> Tip | None:
    return session.exec(select(Tip).where(Tip.number == number)).first()


def get_tip_by_task(session: Session, task_id: str) -> Tip | None:
    return session.exec(select(Tip).where(Tip.task_id == task_id).with_for_update()).first()


def add(session: Session, *rows: object) -> None:
    session.add_all(rows)
    session.flush()


def _filtered(stmt: SelectOfScalar, filters: TipFilters, *, area: str, department: str | None) -> SelectOfScalar:
    stmt = stmt.where(col(Tip.area_code).startswith(area, autoescape=True))
    if department is not None:
        stmt = stmt.where(Tip.assigned_department == department)
    if filters.status:
        stmt = stmt.where(Tip.status == filters.status)
    if filters.category:
        stmt = stmt.where(Tip.category == filters.category)
    if filters.department:
        stmt = stmt.where(Tip.assigned_department == filters.department)
    if filters.facility_id:
        stmt = stmt.where(Tip.facility_id == filters.facility_id)
    if filters.q:
        needle = filters.q.lower()
        stmt = stmt.where(or_(*[
            func.lower(column).contains(needle, autoescape=True)
            for column in (col(Tip.number), col(Tip.description), col(Tip.location), col(Tip.facility_name))]))
    return stmt


def page_tips(session: Session, filters: TipFilters, *, area: str, department: str | None, page: int,
              page_size: int) -> tuple[list[Tip], int]:
    """One page, newest first, inside ``area`` (and assigned to ``department`` when given)."""
    base = _filtered(select(Tip), filters, area=area, department=department)
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    rows = session.exec(base.order_by(col(Tip.created_at).desc(), col(Tip.id))
                        .offset((page - 1) * page_size).limit(page_size))
    return list(rows), int(total)


def photo_counts(session: Session, tip_ids: Iterable[str]) -> dict[str, int]:
    ids = list(tip_ids)
    if not ids:
        return {}
    stmt = (select(TipPhoto.tip_id, func.count()).where(col(TipPhoto.tip_id).in_(ids))
            .group_by(col(TipPhoto.tip_id)))
    return {tip_id: int(count) for tip_id, count in session.exec(stmt)}


def reward_statuses(session: Session, tip_ids: Iterable[str]) -> dict[str, str]:
    ids = list(tip_ids)
    if not ids:
        return {}
    stmt = select(TipReward.tip_id, TipReward.status).where(col(TipReward.tip_id).in_(ids))
    return {row[0]: row[1] for row in session.exec(stmt)}


def photos_of(session: Session, tip_id: str) -> list[TipPhoto]:
    stmt = select(TipPhoto).where(TipPhoto.tip_id == tip_id).order_by(col(TipPhoto.created_at), col(TipPhoto.id))
    return list(session.exec(stmt))


def get_photo(session: Session, *, tip_id: str, photo_id: str) -> TipPhoto | None:
    photo = session.get(TipPhoto, photo_id)
    return photo if photo is not None and photo.tip_id == tip_id else None


def messages_of(session: Session, tip_id: str) -> list[TipMessage]:
    stmt = (select(TipMessage).where(TipMessage.tip_id == tip_id)
            .order_by(col(TipMessage.created_at), col(TipMessage.id)))
    return list(session.exec(stmt))


def hazards_of(session: Session, tip_id: str) -> list[TipHazard]:
    stmt = (select(TipHazard).where(TipHazard.tip_id == tip_id)
            .order_by(col(TipHazard.linked_at), col(TipHazard.hazard_key)))
    return list(session.exec(stmt))


def get_reward(session: Session, tip_id: str) -> TipReward | None:
    return session.exec(select(TipReward).where(TipReward.tip_id == tip_id)).first()


def get_target(session: Session, facility_id: str) -> InspectionTarget | None:
    return session.get(InspectionTarget, facility_id)


def get_task(session: Session, task_id: str) -> InspectionTask | None:
    return session.get(InspectionTask, task_id)


def open_campaigns_targeting(session: Session, *, facility_id: str, today: date) -> list[Campaign]:
    """Campaigns not yet closed that include the facility as a target, newest survey first."""
    stmt = (
        select(Campaign)
        .join(CampaignFacility, col(CampaignFacility.campaign_id) == col(Campaign.id))
        .where(CampaignFacility.facility_id == facility_id, col(CampaignFacility.included).is_(True))
        .where(col(Campaign.review_end) >= today)
        .order_by(col(Campaign.survey_start).desc(), col(Campaign.created_at).desc(), col(Campaign.id))
    )
    return list(session.exec(stmt))
