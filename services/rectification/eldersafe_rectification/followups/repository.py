"""Every query of the follow-up domain (it reads the ledger's hazard table: same service)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from ..ledger.models import Hazard
from ..ledger.states import SIGNED_OFF
from .models import FollowUp, FollowUpPolicy, FollowUpSampleRun


def policy(session: Session, campaign_id: str) -> FollowUpPolicy | None:
    return session.get(FollowUpPolicy, campaign_id)


def _not_signed_off() -> Any:
    return func.sum(case((col(Hazard.state) != SIGNED_OFF, 1), else_=0))


def facility_hazards(session: Session, *, campaign_id: str, facility_id: str) -> list[Hazard]:
    return list(session.exec(select(Hazard).where(col(Hazard.campaign_id) == campaign_id,
                                                  col(Hazard.facility_id) == facility_id)))


def fully_signed_off_facilities(session: Session, *, campaign_id: str) -> list[tuple[str, str | None, str]]:
    """(facility_id, name, area_code) of the campaign's facilities whose every hazard is signed off."""
    stmt = (select(col(Hazard.facility_id), func.max(col(Hazard.facility_name)), func.max(col(Hazard.area_code)))
            .where(col(Hazard.campaign_id) == campaign_id)
            .group_by(col(Hazard.facility_id))
            .having(_not_signed_off() == 0)
            .order_by(col(Hazard.facility_id)))
    return [(row[0], row[1], row[2]) for row in session.exec(stmt)]


def departments_of(session: Session, *, campaign_id: str, facility_ids: list[str]) -> dict[str, list[str]]:
    """The departments that found each facility's hazards in the campaign, sorted."""
    found: dict[str, set[str]] = {}
    stmt = select(col(Hazard.facility_id), col(Hazard.departments)).where(
        col(Hazard.campaign_id) == campaign_id, col(Hazard.facility_id).in_(facility_ids))
    for facility_id, departments in session.exec(stmt):
        found.setdefault(facility_id, set()).update(departments)
    return {facility_id: sorted(names) for facility_id, names in found.items()}


def campaigns_with_hazards(session: Session) -> list[str]:
    return list(session.exec(select(col(Hazard.campaign_id)).distinct().order_by(col(Hazard.campaign_id))))


def existing(session: Session, *, campaign_id: str, facility_id: str, reason: str, due_date: date) -> FollowUp | None:
    return session.exec(select(FollowUp).where(
        col(FollowUp.campaign_id) == campaign_id, col(FollowUp.facility_id) == facility_id,
        col(FollowUp.reason) == reason, col(FollowUp.due_date) == due_date)).first()


def scheduled_from(session: Session, *, campaign_id: str, day: date) -> set[str]:
    """Facilities of the campaign with a follow-up due on or after ``day`` (already to be visited)."""
    stmt = select(col(FollowUp.facility_id)).where(col(FollowUp.campaign_id) == campaign_id,
                                                   col(FollowUp.due_date) >= day)
    return set(session.exec(stmt))


def sample_run(session: Session, *, campaign_id: str, month: str) -> FollowUpSampleRun | None:
    return session.get(FollowUpSampleRun, (campaign_id, month))


def page(session: Session, *, area: str, campaign_id: str | None, facility_id: str | None, reason: str | None,
         page: int, page_size: int) -> tuple[list[FollowUp], int]:
    stmt = select(FollowUp)
    if area:
        stmt = stmt.where(col(FollowUp.area_code).startswith(area, autoescape=True))
    if campaign_id:
        stmt = stmt.where(col(FollowUp.campaign_id) == campaign_id)
    if facility_id:
        stmt = stmt.where(col(FollowUp.facility_id) == facility_id)
    if reason:
        stmt = stmt.where(col(FollowUp.reason) == reason)
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    rows = session.exec(stmt.order_by(col(FollowUp.due_date).desc(), col(FollowUp.id))
                        .offset((page - 1) * page_size).limit(page_size))
    return list(rows), int(total)


def save(session: Session, *rows: object) -> None:
    for row in rows:
        session.add(row)
    session.flush()
