"""Queries on the supervision order copies for their ladder: the orders a stage has reached, and their hazards."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ...hazards.models import (
    NotificationHazard,
    NotificationHazardDepartment,
    NotificationOrder,
    NotificationOrderHazard,
)
from ..plan import StagePlan


def due(session: Session, stage: StagePlan, *, limit: int) -> list[NotificationOrder]:
    """Open orders whose ladder has not passed ``stage`` and whose deadline it has reached, earliest first."""
    return list(session.exec(select(NotificationOrder).where(
        col(NotificationOrder.fired_offset) < stage.mark, col(NotificationOrder.deadline) <= stage.cutoff,
        col(NotificationOrder.state) == "open").order_by(col(NotificationOrder.deadline)).limit(limit)))


def hazards_of(session: Session, order_id: str) -> list[NotificationHazard]:
    """The hazard copies the order names."""
    return list(session.exec(select(NotificationHazard).join(
        NotificationOrderHazard, col(NotificationOrderHazard.hazard_id) == col(NotificationHazard.id)).where(
        col(NotificationOrderHazard.order_id) == order_id)))


def departments_of(session: Session, hazard_ids: list[str]) -> list[str]:
    """The departments responsible for any of ``hazard_ids``, each once, in order."""
    return sorted(set(session.exec(select(NotificationHazardDepartment.department).where(
        col(NotificationHazardDepartment.hazard_id).in_(hazard_ids)))))
