"""Queries on inspection tasks."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from ..inspections.models import Inspection
from ..models import InspectionTarget
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


def inspections_of_tasks(session: Session, task_ids: Iterable[str]) -> dict[str, list[Inspection]]:
    """The inspections made for each task, oldest first."""
    ids = list(task_ids)
    result: dict[str, list[Inspection]] = {task_id: [] for task_id in ids}
    if not ids:
        return result
    stmt = (select(Inspection).where(col(Inspection.task_id).in_(ids))
            .order_by(col(Inspection.created_at), col(Inspection.id)))
    for inspection in session.exec(stmt):
        result[str(inspection.task_id)].append(inspection)
    return result
