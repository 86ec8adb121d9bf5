"""Every query on plans, relocation records and the facilities they concern."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from ..facilities.models import RectificationFacility
from ..ledger.models import Hazard
from ..ledger.states import OPEN as UNRECTIFIED  # a major one makes its facility no place to send residents to
from .models import FacilityPlan, Relocation


def save(session: Session, *rows: Any) -> None:
    for row in rows:
        session.add(row)
    session.flush()


def insert_plan(session: Session, plan: FacilityPlan) -> bool:
    """Insert a new plan; False when the facility got one meanwhile (the unique facility_id refused it)."""
    try:
        with session.begin_nested():
            session.add(plan)
            session.flush()
    except IntegrityError:
        return False
    return True


def facility(session: Session, facility_id: str) -> RectificationFacility | None:
    return session.get(RectificationFacility, facility_id)


def plan_of(session: Session, facility_id: str, campaign_id: str) -> FacilityPlan | None:
    """The facility's plan in the campaign."""
    return session.exec(select(FacilityPlan).where(col(FacilityPlan.facility_id) == facility_id,
                                                   col(FacilityPlan.campaign_id) == campaign_id)).first()


def plans_of(session: Session, facility_id: str) -> list[FacilityPlan]:
    """Every plan of the facility (one per campaign), the newest first."""
    return list(session.exec(select(FacilityPlan).where(col(FacilityPlan.facility_id) == facility_id)
                             .order_by(col(FacilityPlan.created_at).desc(), col(FacilityPlan.id))))


def _relocated_count() -> Any:
    return (select(func.count()).select_from(Relocation)
            .where(col(Relocation.facility_id) == col(FacilityPlan.facility_id))
            .correlate(FacilityPlan).scalar_subquery())


def list_plans(session: Session, *, area: str, own_facility: str | None, campaign_id: str | None,
               state: str | None, decision: str | None, offset: int,
               limit: int) -> tuple[list[tuple[FacilityPlan, str | None, int | None, int]], int]:
    """Plans with the facility's status, its announced residents count and the relocations recorded."""
    conditions = [col(FacilityPlan.area_code).startswith(area, autoescape=True)]
    if own_facility is not None:
        conditions.append(col(FacilityPlan.facility_id) == own_facility)
    if campaign_id:
        conditions.append(col(FacilityPlan.campaign_id) == campaign_id)
    if state:
        conditions.append(col(FacilityPlan.state) == state)
    if decision:
        conditions.append(col(FacilityPlan.decision) == decision)
    total = session.exec(select(func.count()).select_from(FacilityPlan).where(*conditions)).one()
    stmt = (
        select(FacilityPlan, RectificationFacility.status, RectificationFacility.residents_count,
               _relocated_count())
        .outerjoin(RectificationFacility,
                   col(RectificationFacility.facility_id) == col(FacilityPlan.facility_id))
        .where(*conditions)
        # Drafts first (they still need the leader), then the most recently touched.
        .order_by(col(FacilityPlan.state).desc(), col(FacilityPlan.updated_at).desc(), col(FacilityPlan.id))
        .offset(offset)
        .limit(limit)
    )
    return [(plan, status, residents, relocated) for plan, status, residents, relocated in session.exec(stmt)], total


def relocation(session: Session, resident_id: str) -> Relocation | None:
    return session.get(Relocation, resident_id)


def relocations_of(session: Session, facility_id: str) -> list[Relocation]:
    stmt = select(Relocation).where(col(Relocation.facility_id) == facility_id).order_by(
        col(Relocation.moved_on), col(Relocation.resident_id))
    return list(session.exec(stmt))


def count_relocations(session: Session, facility_id: str) -> int:
    return session.exec(select(func.count()).select_from(Relocation)
                        .where(col(Relocation.facility_id) == facility_id)).one()


def receiving_candidates(session: Session, *, district: str, area: str, exclude: str) -> list[RectificationFacility]:
    """Operating facilities with a free bed in ``district`` and inside ``area`` that could take residents now.

    Left out: a facility whose latest class decided is suspend or shutdown, and one with a major hazard not yet
    rectified in this ledger (what makes the classification rules suggest suspend or shutdown). A facility nobody
    has classified yet is a candidate: relocation often starts before the classification.
    """
    unrectified_major = (
        select(Hazard.id).where(col(Hazard.facility_id) == col(RectificationFacility.facility_id),
                                col(Hazard.severity) == "major", col(Hazard.state).in_(UNRECTIFIED))
        .correlate(RectificationFacility).exists())
    stmt = select(RectificationFacility).where(
        col(RectificationFacility.area_code).startswith(district, autoescape=True),
        col(RectificationFacility.area_code).startswith(area, autoescape=True),
        col(RectificationFacility.facility_id) != exclude,
        col(RectificationFacility.status) == "operating",
        func.coalesce(col(RectificationFacility.classification), "").not_in(("suspend", "shutdown")),
        col(RectificationFacility.licensed_beds) > func.coalesce(col(RectificationFacility.residents_count), 0),
        ~unrectified_major,
    )
    return list(session.exec(stmt))
