"""Queries on inspections and their sections, answers, findings, amendments and idempotency records."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from ..campaigns.models import Campaign, CampaignFacility
from ..targets.models import InspectionTarget
from .models import (
    Finding,
    Inspection,
    InspectionAmendment,
    InspectionAnswer,
    InspectionIdempotency,
    InspectionSection,
)
from .schemas import InspectionFilters


def get_campaign(session: Session, campaign_id: str) -> Campaign | None:
    return session.get(Campaign, campaign_id)


def campaign_target(session: Session, *, campaign_id: str, facility_id: str) -> InspectionTarget | None:
    """The facility when the campaign targets it (and has not excluded it), else None."""
    stmt = (
        select(InspectionTarget)
        .join(CampaignFacility, col(CampaignFacility.facility_id) == col(InspectionTarget.facility_id))
        .where(CampaignFacility.campaign_id == campaign_id, CampaignFacility.facility_id == facility_id,
               col(CampaignFacility.included).is_(True))
    )
    return session.exec(stmt).first()


def get_inspection(session: Session, inspection_id: str, *, for_update: bool = False) -> Inspection | None:
    stmt = select(Inspection).where(Inspection.id == inspection_id)
    if for_update:
        stmt = stmt.with_for_update()
    return session.exec(stmt).first()


def add(session: Session, *rows: object) -> None:
    session.add_all(rows)
    session.flush()


def _filtered(stmt: SelectOfScalar, filters: InspectionFilters, *, area: str,
              facility_id: str | None) -> SelectOfScalar:
    stmt = stmt.where(col(Inspection.area_code).startswith(area, autoescape=True))
    if facility_id is not None:
        stmt = stmt.where(Inspection.facility_id == facility_id)
    if filters.campaign_id:
        stmt = stmt.where(Inspection.campaign_id == filters.campaign_id)
    if filters.facility_id:
        stmt = stmt.where(Inspection.facility_id == filters.facility_id)
    if filters.mode:
        stmt = stmt.where(Inspection.mode == filters.mode)
    if filters.status:
        stmt = stmt.where(Inspection.status == filters.status)
    if filters.department:
        has_section = select(InspectionSection.id).where(
            InspectionSection.inspection_id == Inspection.id, InspectionSection.department == filters.department)
        stmt = stmt.where(has_section.exists())
    return stmt


def page_inspections(session: Session, filters: InspectionFilters, *, area: str, facility_id: str | None,
                     page: int, page_size: int) -> tuple[list[Inspection], int]:
    """One page, newest first, inside ``area`` (and of one facility for a manager)."""
    base = _filtered(select(Inspection), filters, area=area, facility_id=facility_id)
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    rows = session.exec(base.order_by(col(Inspection.created_at).desc(), col(Inspection.id))
                        .offset((page - 1) * page_size).limit(page_size))
    return list(rows), int(total)


def sections_of(session: Session, inspection_id: str) -> list[InspectionSection]:
    stmt = (select(InspectionSection).where(InspectionSection.inspection_id == inspection_id)
            .order_by(col(InspectionSection.position)))
    return list(session.exec(stmt))


def answers_of(session: Session, inspection_id: str, *, current_only: bool = True) -> list[InspectionAnswer]:
    stmt = select(InspectionAnswer).where(InspectionAnswer.inspection_id == inspection_id)
    if current_only:
        stmt = stmt.where(col(InspectionAnswer.current).is_(True))
    return list(session.exec(stmt.order_by(col(InspectionAnswer.answered_at), col(InspectionAnswer.id))))


def answers_by_id(session: Session, ids: Iterable[str]) -> dict[str, InspectionAnswer]:
    ids = list(ids)
    if not ids:
        return {}
    return {row.id: row for row in session.exec(select(InspectionAnswer).where(col(InspectionAnswer.id).in_(ids)))}


def findings_of(session: Session, inspection_id: str, *, current_only: bool = True) -> list[Finding]:
    stmt = select(Finding).where(Finding.inspection_id == inspection_id)
    if current_only:
        stmt = stmt.where(col(Finding.current).is_(True))
    return list(session.exec(stmt.order_by(col(Finding.found_at), col(Finding.id))))


def amendments_of(session: Session, inspection_id: str) -> list[InspectionAmendment]:
    stmt = (select(InspectionAmendment).where(InspectionAmendment.inspection_id == inspection_id)
            .order_by(col(InspectionAmendment.amended_at), col(InspectionAmendment.id)))
    return list(session.exec(stmt))


def delete(session: Session, row: object) -> None:
    session.delete(row)
    session.flush()


def get_idempotency(session: Session, *, subject: str, operation: str, key: str) -> InspectionIdempotency | None:
    return session.get(InspectionIdempotency, (subject, operation, key))


def inspections_of_tasks(session: Session, task_ids: Iterable[str]) -> dict[str, list[Inspection]]:
    """The inspections made for each task, oldest first (the tasks read it through ``tasks/made.py``)."""
    ids = list(task_ids)
    result: dict[str, list[Inspection]] = {task_id: [] for task_id in ids}
    if not ids:
        return result
    stmt = (select(Inspection).where(col(Inspection.task_id).in_(ids))
            .order_by(col(Inspection.created_at), col(Inspection.id)))
    for inspection in session.exec(stmt):
        result[str(inspection.task_id)].append(inspection)
    return result
