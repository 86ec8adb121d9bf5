from sqlmodel import Session, col, select

from ..models import RegistryCampaign


def get(session: Session, campaign_id: str) -> RegistryCampaign | None:
    return session.get(RegistryCampaign, campaign_id)


def running_on(session: Session, *, campaign_ids: list[str], day: object) -> list[RegistryCampaign]:
    """Those of the campaigns whose phases include ``day``."""
    if not campaign_ids:
        return []
    return list(session.exec(select(RegistryCampaign).where(
        col(RegistryCampaign.campaign_id).in_(campaign_ids), col(RegistryCampaign.survey_start) <= day,
        col(RegistryCampaign.review_end) >= day)))


def save(session: Session, row: RegistryCampaign) -> None:
    session.add(row)
    session.flush()
