"""Queries on campaigns and their target facilities."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import String, func, literal, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from ..targets.models import InspectionTarget
from .models import Campaign, CampaignFacility

ACTIVE_STATUSES = ("operating", "suspended")


def get_campaign(session: Session, campaign_id: str) -> Campaign | None:
    return session.get(Campaign, campaign_id)


def _visible(stmt: SelectOfScalar, *, area: str, facility_id: str | None) -> SelectOfScalar:
    if facility_id is not None:
        targeted = select(CampaignFacility.facility_id).where(
            CampaignFacility.campaign_id == Campaign.id, CampaignFacility.facility_id == facility_id)
        return stmt.where(targeted.exists())
    # A campaign covering the caller's area (a district campaign for a community officer) or inside it.
    return stmt.where(or_(literal(area, String).startswith(col(Campaign.area_code)),
                          col(Campaign.area_code).startswith(area, autoescape=True)))


def _in_phase(stmt: SelectOfScalar, *, phase: str | None, today: date) -> SelectOfScalar:
    if phase == "planned":
        return stmt.where(col(Campaign.survey_start) > today)
    if phase == "survey":
        return stmt.where(col(Campaign.survey_start) <= today, col(Campaign.rectification_start) > today)
    if phase == "rectification":
        return stmt.where(col(Campaign.rectification_start) <= today, col(Campaign.review_start) > today)
    if phase == "review":
        return stmt.where(col(Campaign.review_start) <= today, col(Campaign.review_end) >= today)
    if phase == "closed":
        return stmt.where(col(Campaign.review_end) < today)
    return stmt


def list_campaigns(
    session: Session, *, area: str, facility_id: str | None, phase: str | None, today: date, offset: int,
    limit: int,
) -> tuple[list[Campaign], int]:
    def scoped(stmt: SelectOfScalar) -> SelectOfScalar:
        return _in_phase(_visible(stmt, area=area, facility_id=facility_id), phase=phase, today=today)

    total = session.exec(scoped(select(func.count()).select_from(Campaign))).one()
    rows = session.exec(scoped(select(Campaign)).order_by(col(Campaign.survey_start).desc(), col(Campaign.id))
                        .offset(offset).limit(limit))
    return list(rows), total


def active_targets_in_area(session: Session, *, area_code: str) -> list[InspectionTarget]:
    return list(session.exec(
        select(InspectionTarget)
        .where(col(InspectionTarget.area_code).startswith(area_code, autoescape=True))
        .where(col(InspectionTarget.status).in_(ACTIVE_STATUSES))
    ))


def get_target(session: Session, facility_id: str) -> InspectionTarget | None:
    return session.get(InspectionTarget, facility_id)


def get_campaign_facility(session: Session, *, campaign_id: str, facility_id: str) -> CampaignFacility | None:
    return session.get(CampaignFacility, (campaign_id, facility_id))


def campaign_facilities(
    session: Session, *, campaign_id: str, area: str, facility_id: str | None, included_only: bool = False,
) -> list[tuple[CampaignFacility, InspectionTarget]]:
    """The campaign's targets inside ``area`` (and only ``facility_id`` when given), with the facility copy."""
    stmt = (
        select(CampaignFacility, InspectionTarget)
        .join(InspectionTarget, col(InspectionTarget.facility_id) == col(CampaignFacility.facility_id))
        .where(CampaignFacility.campaign_id == campaign_id)
        .where(col(InspectionTarget.area_code).startswith(area, autoescape=True))
    )
    if facility_id is not None:
        stmt = stmt.where(CampaignFacility.facility_id == facility_id)
    if included_only:
        stmt = stmt.where(col(CampaignFacility.included).is_(True))
    rows = session.exec(stmt.order_by(col(InspectionTarget.area_code), col(InspectionTarget.name),
                                      col(CampaignFacility.facility_id)))
    return [(row[0], row[1]) for row in rows]


def included_facility_ids(session: Session, *, campaign_id: str) -> list[str]:
    """The ids of the facilities the campaign includes, in id order."""
    return list(session.exec(
        select(CampaignFacility.facility_id)
        .where(CampaignFacility.campaign_id == campaign_id, col(CampaignFacility.included).is_(True))
        .order_by(col(CampaignFacility.facility_id))
    ))


def open_campaigns_covering(session: Session, *, area_code: str, today: date) -> Sequence[Campaign]:
    """Campaigns not yet closed whose area contains ``area_code``."""
    return list(session.exec(
        select(Campaign)
        .where(col(Campaign.review_end) >= today)
        .where(literal(area_code, String).startswith(col(Campaign.area_code)))
    ))


def open_campaign_rows_for(session: Session, *, facility_id: str, today: date) -> list[CampaignFacility]:
    """The facility's target rows in campaigns not yet closed."""
    return list(session.exec(
        select(CampaignFacility)
        .join(Campaign, col(Campaign.id) == col(CampaignFacility.campaign_id))
        .where(CampaignFacility.facility_id == facility_id)
        .where(col(Campaign.review_end) >= today)
    ))
