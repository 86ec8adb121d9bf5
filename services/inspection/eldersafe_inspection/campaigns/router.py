"""Campaigns, their target facilities and survey coverage."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from eldersafe_common.errors import problem_responses
from eldersafe_common.validation import only_query

from ..deps import BearerToken, CurrentPrincipal, RegistryClient, SessionDep
from . import service
from .fields import Page, PageSize, Phase
from .schemas import (
    CampaignCreate,
    CampaignFacilityPublic,
    CampaignFacilityUpdate,
    CampaignPage,
    CampaignPublic,
    CampaignUpdate,
    CoveragePublic,
)

router = APIRouter(prefix="/api/inspection/campaigns", tags=["campaigns"])


@router.get("", response_model=CampaignPage, responses=problem_responses(401, 403, 422),
            dependencies=[only_query("status", "page", "page_size")])
def list_campaigns(
    session: SessionDep,
    principal: CurrentPrincipal,
    status: Annotated[Phase | None, Query(description="The current phase")] = None,
    page: Annotated[Page, Query()] = 1,
    page_size: Annotated[PageSize, Query()] = 20,
) -> CampaignPage:
    """Campaigns covering the caller's area (a facility manager: those targeting their facility)."""
    return service.list_campaigns(session, principal=principal, phase=status, page=page, page_size=page_size)


@router.post("", status_code=201, response_model=CampaignPublic, responses=problem_responses(401, 403, 422, 503))
def create_campaign(data: CampaignCreate, session: SessionDep, principal: CurrentPrincipal, registry: RegistryClient,
                    token: BearerToken) -> CampaignPublic:
    """Create a campaign (civil affairs, task force leader or deputy, admin) over an area the registry knows."""
    return service.create_campaign(session, principal=principal, data=data, registry=registry, token=token)


@router.get("/{campaign_id}", response_model=CampaignPublic, responses=problem_responses(401, 403, 404, 422))
def get_campaign(campaign_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> CampaignPublic:
    """One campaign the caller may see."""
    return service.get_campaign(session, principal=principal, campaign_id=str(campaign_id))


@router.patch("/{campaign_id}", response_model=CampaignPublic, responses=problem_responses(401, 403, 404, 422))
def update_campaign(campaign_id: uuid.UUID, data: CampaignUpdate, session: SessionDep,
                    principal: CurrentPrincipal) -> CampaignPublic:
    """Change a campaign (civil affairs, task force leader or deputy, admin)."""
    return service.update_campaign(session, principal=principal, campaign_id=str(campaign_id), data=data)


@router.get("/{campaign_id}/coverage", response_model=CoveragePublic,
            responses=problem_responses(401, 403, 404, 422))
def get_coverage(campaign_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> CoveragePublic:
    """Which departments have inspected which of the caller's facilities."""
    return service.get_coverage(session, principal=principal, campaign_id=str(campaign_id))


@router.get("/{campaign_id}/facilities", response_model=list[CampaignFacilityPublic],
            responses=problem_responses(401, 403, 404, 422))
def list_campaign_facilities(campaign_id: uuid.UUID, session: SessionDep,
                             principal: CurrentPrincipal) -> list[CampaignFacilityPublic]:
    """The campaign's target facilities inside the caller's area, with their included flag."""
    return service.list_campaign_facilities(session, principal=principal, campaign_id=str(campaign_id))


@router.patch("/{campaign_id}/facilities/{facility_id}", response_model=CampaignFacilityPublic,
              responses=problem_responses(401, 403, 404, 422))
def set_campaign_facility(campaign_id: uuid.UUID, facility_id: uuid.UUID, data: CampaignFacilityUpdate,
                          session: SessionDep, principal: CurrentPrincipal) -> CampaignFacilityPublic:
    """Include or exclude a facility (excluding needs a reason)."""
    return service.set_campaign_facility(session, principal=principal, campaign_id=str(campaign_id),
                                         facility_id=str(facility_id), data=data)
