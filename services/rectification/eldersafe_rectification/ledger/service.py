"""Reading the ledger: one hazard, the filtered page, and the campaign's deadline days as the ledger applies them.

The moves on a hazard are in ``transitions.py`` and ``extensions.py``, the intake from events in ``intake.py``,
the overdue check and escalation flag in ``overdue.py``; who may do what in ``access.py`` and ``states.py``.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from eldersafe_common.auth import Principal
from eldersafe_common.errors import Conflict, NotFound

from ..campaigns import service as campaigns
from . import access, repository
from .models import Hazard
from .overdue import is_overdue, today_china
from .schemas import (
    DeadlinePolicyPublic,
    EvidencePublic,
    ExtensionPublic,
    HazardDetail,
    HazardFilters,
    HazardPage,
    HazardPublic,
    HistoryPublic,
)


def hazard_public(hazard: Hazard, *, today: date | None = None) -> HazardPublic:
    public = HazardPublic.model_validate(hazard)
    public.overdue = is_overdue(hazard, today or today_china())
    return public


def list_hazards(session: Session, *, principal: Principal, filters: HazardFilters, page: int,
                 page_size: int) -> HazardPage:
    """Hazards inside the caller's area, filtered, sorted and paged (a facility manager: their own)."""
    access.require_reader(principal)
    own = access.own_facility(principal)
    today = today_china()
    rows, total = repository.list_hazards(session, area=principal.area, own_facility=own, filters=filters,
                                          today=today, offset=(page - 1) * page_size, limit=page_size)
    return HazardPage(items=[hazard_public(row, today=today) for row in rows], total=total, page=page,
                      page_size=page_size)


def get_hazard(session: Session, *, principal: Principal, hazard_id: str) -> HazardDetail:
    """One hazard with its history, evidence and extensions."""
    hazard = access.load(session, principal, hazard_id)
    return HazardDetail(
        **hazard_public(hazard).model_dump(),
        history=[HistoryPublic.model_validate(row) for row in repository.history(session, hazard.id)],
        evidence=[EvidencePublic.model_validate(row) for row in repository.evidence(session, hazard.id)],
        extensions=[ExtensionPublic.model_validate(row) for row in repository.extensions(session, hazard.id)],
    )


def get_policy(session: Session, *, principal: Principal, campaign_id: str) -> DeadlinePolicyPublic:
    """The campaign's hazard deadlines as the campaign sets them (read from this service's campaign copy)."""
    access.require_reader(principal)
    campaign = campaigns.get(session, campaign_id)
    if campaign is None:
        raise NotFound("No such campaign.", code="campaign_not_found")
    days = campaigns.days_of(campaign)
    return DeadlinePolicyPublic(campaign_id=campaign_id, major_days=days["major"], ordinary_days=days["ordinary"],
                                updated_at=campaign.updated_at)


def put_policy(*, principal: Principal, campaign_id: str) -> None:
    """Refused: a campaign's hazard deadlines are set on the campaign (inspection), in one place only."""
    access.require_reader(principal)
    raise Conflict(
        "Hazard deadlines are set on the campaign: change deadline_days_major / deadline_days_ordinary with "
        f"PATCH /api/inspection/campaigns/{campaign_id}.", code="deadline_days_set_on_campaign")
