from collections.abc import Sequence

from sqlalchemy import ColumnElement, String, literal, or_
from sqlmodel import Session, col, select

from eldersafe_common.sync import Window, head, keyset

from ..campaigns.models import Campaign, CampaignFacility
from ..classification.models import FacilityClassification
from ..targets.models import InspectionTarget


def _visible(area: str) -> ColumnElement[bool]:
    # A campaign covering the client's area, or one inside it (as the staff API decides).
    return or_(literal(area, String).startswith(col(Campaign.area_code)),
               col(Campaign.area_code).startswith(area, autoescape=True))


def feed(session: Session, window: Window, *, area: str) -> Sequence[Campaign]:
    stmt = select(Campaign).where(_visible(area))
    if window.since is not None:
        stmt = stmt.where(col(Campaign.changed_at) >= window.since)
    return list(session.exec(keyset(stmt, col(Campaign.change_seq), window)))


def head_position(session: Session) -> int:
    return head(session, Campaign)


def get_visible(session: Session, campaign_id: str, *, area: str) -> Campaign | None:
    return session.exec(select(Campaign).where(Campaign.id == campaign_id, _visible(area))).first()


def targets(session: Session, *, campaign_id: str, area: str) -> list[tuple[str, bool]]:
    """(facility_id, included) of the campaign's targets inside ``area``."""
    stmt = (select(CampaignFacility.facility_id, CampaignFacility.included)
            .join(InspectionTarget, col(InspectionTarget.facility_id) == col(CampaignFacility.facility_id))
            .where(CampaignFacility.campaign_id == campaign_id)
            .where(col(InspectionTarget.area_code).startswith(area, autoescape=True)))
    return [(facility_id, bool(included)) for facility_id, included in session.exec(stmt)]


def decided_classes(session: Session, *, campaign_id: str) -> dict[str, str]:
    stmt = select(FacilityClassification.facility_id, FacilityClassification.decided_class).where(
        FacilityClassification.campaign_id == campaign_id)
    return dict(session.exec(stmt).all())
