"""Queries on classification rules and decisions."""

from __future__ import annotations

from sqlmodel import Session, col, select

from .models import ClassificationRule, FacilityClassification


def active_rules(session: Session) -> list[ClassificationRule]:
    return list(session.exec(select(ClassificationRule).where(col(ClassificationRule.active).is_(True))
                             .order_by(col(ClassificationRule.priority))))


def all_rules(session: Session) -> list[ClassificationRule]:
    return list(session.exec(select(ClassificationRule)))


def decisions(session: Session, *, campaign_id: str) -> dict[str, FacilityClassification]:
    rows = session.exec(select(FacilityClassification).where(FacilityClassification.campaign_id == campaign_id))
    return {row.facility_id: row for row in rows}


def get_decision(session: Session, *, campaign_id: str, facility_id: str) -> FacilityClassification | None:
    return session.exec(select(FacilityClassification).where(
        FacilityClassification.campaign_id == campaign_id, FacilityClassification.facility_id == facility_id,
    )).first()
