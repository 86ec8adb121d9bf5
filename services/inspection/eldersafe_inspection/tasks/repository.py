"""Queries on inspection tasks."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ..targets.models import InspectionTarget
from .models import InspectionTask


def get_task(session: Session, task_id: str) -> InspectionTask | None:
    return session.get(InspectionTask, task_id)


def list_tasks(
    session: Session, *, area: str, campaign_id: str | None, facility_id: str | None, status: str | None,
) -> list[tuple[InspectionTask, str | None]]:
    """Tasks inside ``area`` with the facility's name, soonest due first (JSON filters are the caller's)."""
    stmt = (
        select(InspectionTask, InspectionTarget.name)
        .join(InspectionTarget, col(InspectionTarget.facility_id) == col(InspectionTask.facility_id),
              isouter=True)
        .where(col(InspectionTask.area_code).startswith(area, autoescape=True))
    )
    if campaign_id is not None:
        stmt = stmt.where(InspectionTask.campaign_id == campaign_id)
    if facility_id is not None:
        stmt = stmt.where(InspectionTask.facility_id == facility_id)
    if status is not None:
        stmt = stmt.where(InspectionTask.status == status)
    rows = session.exec(stmt.order_by(col(InspectionTask.due_date), col(InspectionTask.created_at),
                                      col(InspectionTask.id)))
    return [(row[0], row[1]) for row in rows]
