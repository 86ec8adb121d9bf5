"""Plan and relocation routes (thin: the rules live in service.py and relocation.py)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from eldersafe_common.errors import problem_responses
from eldersafe_common.validation import only_query

from ..deps import BearerToken, CurrentPrincipal, RegistryClient, SessionDep
from . import relocation, service
from .schemas import (
    ApproveIn,
    Decision,
    MilestoneDoneIn,
    PlanPage,
    PlanPublic,
    PlanState,
    PlanUpdate,
    ReceivingSuggestions,
    RelocationProgress,
)

router = APIRouter(prefix="/api/rectification", tags=["plans"])
Page = Annotated[int, Query(ge=1, le=10_000)]
PageSize = Annotated[int, Query(ge=1, le=100)]
CampaignId = Annotated[str, Query(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9_\-]+$")]


@router.get("/plans", response_model=PlanPage, responses=problem_responses(401, 403, 422),
            dependencies=[only_query("campaign_id", "state", "decision", "page", "page_size")])
def list_plans(session: SessionDep, principal: CurrentPrincipal, campaign_id: CampaignId | None = None,
               state: Annotated[PlanState | None, Query()] = None,
               decision: Annotated[Decision | None, Query()] = None,
               page: Page = 1, page_size: PageSize = 20) -> PlanPage:
    """The plan board inside the caller's area, with relocation progress."""
    return service.list_plans(session, principal=principal, campaign_id=campaign_id, state=state,
                              decision=decision, page=page, page_size=page_size)


PlanCampaign = Annotated[CampaignId | None, Query(description="The campaign whose plan is meant; without it, the "
                                                            "plan that applies now (of a campaign under way)")]


@router.get("/facilities/{facility_id}/plan", response_model=PlanPublic,
            responses=problem_responses(401, 403, 404, 422), dependencies=[only_query("campaign_id")])
def get_plan(facility_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal,
             campaign_id: PlanCampaign = None) -> PlanPublic:
    """The facility's plan (一院一策) in a campaign: one per facility and campaign."""
    return service.get_plan(session, principal=principal, facility_id=str(facility_id), campaign_id=campaign_id)


@router.put("/facilities/{facility_id}/plan", response_model=PlanPublic,
            responses={201: {"model": PlanPublic, "description": "The plan was created"},
                       **problem_responses(400, 401, 403, 404, 409, 422)})
def put_plan(facility_id: uuid.UUID, data: PlanUpdate, response: Response, session: SessionDep,
             principal: CurrentPrincipal) -> PlanPublic:
    """Create the facility's plan in ``campaign_id`` or replace its draft (task force leader or deputy, civil affairs,
    admin); 409 once approved; 422 ``campaign_not_found`` / ``facility_not_in_campaign`` for a campaign that does
    not exist or does not include the facility."""
    plan, created = service.put_plan(session, principal=principal, facility_id=str(facility_id), data=data)
    if created:
        response.status_code = 201
    return plan


@router.post("/facilities/{facility_id}/plan/milestones/{index}/done", response_model=PlanPublic,
             responses=problem_responses(400, 401, 403, 404, 409, 422), dependencies=[only_query("campaign_id")])
def mark_milestone(facility_id: uuid.UUID, index: Annotated[int, Path(ge=0, le=49)], data: MilestoneDoneIn,
                   session: SessionDep, principal: CurrentPrincipal, campaign_id: PlanCampaign = None) -> PlanPublic:
    """Tick a milestone done (or undo it); allowed on an approved plan."""
    return service.mark_milestone(session, principal=principal, facility_id=str(facility_id), index=index,
                                  done=data.done, campaign_id=campaign_id)


@router.post("/facilities/{facility_id}/plan/approve", response_model=PlanPublic,
             responses=problem_responses(400, 401, 403, 404, 409, 422), dependencies=[only_query("campaign_id")])
def approve_plan(facility_id: uuid.UUID, data: ApproveIn, session: SessionDep, principal: CurrentPrincipal,
                 campaign_id: PlanCampaign = None) -> PlanPublic:
    """Approve the plan: the task force leader alone (403 ``not_leader``); 422 names what the plan lacks."""
    return service.approve(session, principal=principal, facility_id=str(facility_id), note=data.note,
                           campaign_id=campaign_id)


@router.get("/facilities/{facility_id}/relocation", response_model=RelocationProgress,
            responses=problem_responses(401, 403, 404, 422, 503))
def relocation_progress(facility_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal,
                        client: RegistryClient, token: BearerToken) -> RelocationProgress:
    """Every resident and where they went: the roster from the registry, the details from relocation records."""
    return relocation.relocation_progress(session, principal=principal, client=client, token=token,
                                          facility_id=str(facility_id))


@router.get("/facilities/{facility_id}/relocation/suggestions", response_model=ReceivingSuggestions,
            responses=problem_responses(401, 403, 404, 422), dependencies=[only_query("limit")])
def relocation_suggestions(facility_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal,
                           limit: Annotated[int, Query(ge=1, le=50)] = 10) -> ReceivingSuggestions:
    """Receiving facilities: operating, with free beds, in the district, not closing and without an unrectified
    major hazard; classified pass first, then nearest first."""
    return relocation.suggestions(session, principal=principal, facility_id=str(facility_id), limit=limit)
