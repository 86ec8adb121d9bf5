"""Queries for phase messages and the digest: campaigns, coverage, holders of a post, hazards, and the
claims (INSERT … ON CONFLICT DO NOTHING) that make each run happen once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, delete, false, func
from sqlalchemy import select as rows_of
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from eldersafe_common.auth import DEPARTMENTS

from ..contacts.models import NotificationContact, NotificationFacility
from ..hazards.models import OPEN_STATES, NotificationHazard, NotificationHazardDepartment, NotificationHazardItem
from ..hazards.repository import what_column
from .models import (
    NotificationCampaign,
    NotificationCoverage,
    NotificationDigestRun,
    NotificationHazardIntake,
    NotificationPhaseRun,
)

C = NotificationContact
H = NotificationHazard
D = NotificationHazardDepartment
ITEM = NotificationHazardItem
F = NotificationFacility
INTAKE = NotificationHazardIntake
AnySelect = Select[*tuple[Any, ...]]
DEPARTMENT_ROLES = sorted(str(role) for role in DEPARTMENTS)


def _claim(session: Session, model: Any, values: dict[str, Any], keys: list[str]) -> bool:
    # The row is the claim: a second replica (or a second check) conflicts and does nothing.
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(model).values(**values).on_conflict_do_nothing(index_elements=keys)
    return session.connection().execute(statement.returning(*(getattr(model, key) for key in keys))).first() \
        is not None


def campaign(session: Session, campaign_id: str) -> NotificationCampaign | None:
    return session.get(NotificationCampaign, campaign_id)


def coverage(session: Session, key: tuple[str, str, str]) -> NotificationCoverage | None:
    """The coverage row of (campaign, facility, department)."""
    return session.get(NotificationCoverage, key)


def forget_intake(session: Session, hazard_id: str) -> None:
    """Drop the hazard's intake rows (a reopening takes it in again)."""
    session.execute(delete(INTAKE).where(col(INTAKE.hazard_id) == hazard_id))


def campaigns_ending_since(session: Session, *, since: date) -> list[NotificationCampaign]:
    """Campaigns whose review ends on or after ``since`` (older ones have nothing left to say)."""
    return list(session.exec(select(NotificationCampaign).where(col(NotificationCampaign.review_end) >= since)
                             .order_by(col(NotificationCampaign.id))))


def claim_phase_run(session: Session, *, campaign_id: str, phase: str, stage: str, end_date: date,
                    now: datetime) -> bool:
    """True when this call recorded the phase message, so it is the one to send it."""
    return _claim(session, NotificationPhaseRun, {"campaign_id": campaign_id, "phase": phase, "stage": stage,
                                                  "end_date": end_date, "ran_at": now, "enqueued": 0},
                  ["campaign_id", "phase", "stage", "end_date"])


def set_phase_enqueued(session: Session, *, campaign_id: str, phase: str, stage: str, end_date: date,
                       enqueued: int) -> None:
    row = session.get(NotificationPhaseRun, (campaign_id, phase, stage, end_date))
    if row is not None:
        row.enqueued = enqueued
        session.add(row)
        session.flush()


def covered_pairs(session: Session, *, campaign_id: str) -> set[tuple[str, str]]:
    rows = session.exec(select(col(NotificationCoverage.facility_id), col(NotificationCoverage.department))
                        .where(col(NotificationCoverage.campaign_id) == campaign_id))
    return {(facility_id, department) for facility_id, department in rows}


def facility_names(session: Session, facility_ids: Iterable[str]) -> dict[str, str]:
    ids = sorted(set(facility_ids))
    if not ids:
        return {}
    return dict(session.exec(select(col(F.id), col(F.name)).where(col(F.id).in_(ids))).all())


def hazard_states(session: Session, *, campaign_id: str) -> tuple[int, int]:
    """(open, closed) hazards of the campaign in the ledger copy."""
    is_open = col(H.state).in_(OPEN_STATES)
    row = session.exec(select(func.count().filter(is_open), func.count().filter(~is_open))
                       .where(col(H.campaign_id) == campaign_id)).one()
    return int(row[0] or 0), int(row[1] or 0)


# --- the digest --------------------------------------------------------------------------------------------

def heads_without_digest(session: Session, *, day: date) -> list[NotificationContact]:
    """Enabled department heads with no digest run for ``day`` yet."""
    ran = select(NotificationDigestRun.account_id).where(
        col(NotificationDigestRun.day) == day, col(NotificationDigestRun.account_id) == col(C.account_id),
        col(NotificationDigestRun.department) == col(C.role))
    return list(session.exec(select(C).where(
        col(C.role).in_(DEPARTMENT_ROLES), col(C.position) == "head", col(C.disabled) == false(),
        ~ran.exists()).order_by(col(C.account_id))))


def previous_cut(session: Session, *, account_id: str, department: str, before: date) -> datetime | None:
    """Where the head's last digest before ``before`` stopped counting new hazards."""
    return session.exec(select(func.max(col(NotificationDigestRun.cut))).where(
        col(NotificationDigestRun.account_id) == account_id, col(NotificationDigestRun.department) == department,
        col(NotificationDigestRun.day) < before)).one()


def claim_digest_run(session: Session, *, day: date, department: str, account_id: str, cut: datetime) -> bool:
    return _claim(session, NotificationDigestRun, {"day": day, "department": department, "account_id": account_id,
                                                   "cut": cut, "enqueued": 0}, ["day", "department", "account_id"])


def set_digest_enqueued(session: Session, *, day: date, department: str, account_id: str, enqueued: int) -> None:
    row = session.get(NotificationDigestRun, (day, department, account_id))
    if row is not None:
        row.enqueued = enqueued
        session.add(row)
        session.flush()


def _open_of(department: str, area: str) -> list[Any]:
    return [col(H.state).in_(OPEN_STATES), col(H.area_code).startswith(area, autoescape=True),
            select(D.hazard_id).where(col(D.hazard_id) == col(H.id), col(D.department) == department).exists()]


def deadlines(session: Session, *, department: str, area: str, before: date | None = None,
              between: tuple[date, date] | None = None, limit: int) -> tuple[int, list[Any]]:
    """Open hazards of ``department`` in ``area`` with a deadline before a day or between two: (count, first
    ``limit`` by deadline with facility name, item and severity)."""
    terms = _open_of(department, area)
    if before is not None:
        terms.append(col(H.deadline) < before)
    if between is not None:
        terms.append(and_(col(H.deadline) >= between[0], col(H.deadline) <= between[1]))
    total = session.exec(select(func.count()).select_from(H).where(*terms)).one()
    stmt: AnySelect = (rows_of(col(H.id), col(H.deadline), col(H.severity), col(F.name).label("facility"),
                    what_column().label("item"))
            .select_from(H).outerjoin(F, col(F.id) == col(H.facility_id))
            .outerjoin(ITEM, col(ITEM.hazard_key) == col(H.hazard_key))
            .where(*terms).order_by(col(H.deadline), col(H.id)).limit(limit))
    rows: list[Any] = list(session.connection().execute(stmt).all())
    return int(total), rows


def new_hazards(session: Session, *, department: str, area: str, after: datetime, upto: datetime,
                limit: int) -> tuple[int, list[Any]]:
    """Hazards of ``department`` in ``area`` taken in after ``after`` and up to ``upto``: (count, first
    ``limit`` with facility name, item, severity and deadline)."""
    terms = [col(INTAKE.department) == department, col(INTAKE.received_at) > after, col(INTAKE.received_at) <= upto,
             col(INTAKE.area_code).startswith(area, autoescape=True)]
    total = session.exec(select(func.count()).select_from(INTAKE).where(*terms)).one()
    stmt: AnySelect = (rows_of(col(INTAKE.hazard_id).label("id"), col(INTAKE.deadline), col(INTAKE.severity),
                    col(F.name).label("facility"), what_column().label("item"))
            .select_from(INTAKE).outerjoin(F, col(F.id) == col(INTAKE.facility_id))
            .outerjoin(H, col(H.id) == col(INTAKE.hazard_id))
            .outerjoin(ITEM, col(ITEM.hazard_key) == col(INTAKE.hazard_key))
            .where(*terms).order_by(col(INTAKE.received_at), col(INTAKE.hazard_id)).limit(limit))
    rows: list[Any] = list(session.connection().execute(stmt).all())
    return int(total), rows
