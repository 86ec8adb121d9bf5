import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from eldersafe_common.errors import problem_responses
from eldersafe_common.validation import only_query

from ..deps import CurrentPrincipal, SessionDep
from . import service
from .schemas import FollowUpPage, FollowUpPolicyPublic, FollowUpPolicyUpdate, FollowUpReason

router = APIRouter(prefix="/api/rectification", tags=["follow-ups"])


@router.get("/follow-ups", response_model=FollowUpPage, responses=problem_responses(401, 403, 422),
            dependencies=[only_query("campaign_id", "facility_id", "reason", "page", "page_size")])
def list_follow_ups(session: SessionDep, principal: CurrentPrincipal,
                    campaign_id: Annotated[uuid.UUID | None, Query()] = None,
                    facility_id: Annotated[uuid.UUID | None, Query()] = None,
                    reason: Annotated[FollowUpReason | None, Query()] = None,
                    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
                    page_size: Annotated[int, Query(ge=1, le=100)] = 20) -> FollowUpPage:
    """Follow-up visits requested of the inspection service (回头看), latest due first."""
    return service.list_follow_ups(session, principal=principal,
                                   campaign_id=str(campaign_id) if campaign_id else None,
                                   facility_id=str(facility_id) if facility_id else None,
                                   reason=reason, page=page, page_size=page_size)


@router.get("/campaigns/{campaign_id}/follow-up-policy", response_model=FollowUpPolicyPublic,
            responses=problem_responses(401, 403, 422))
def get_policy(campaign_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> FollowUpPolicyPublic:
    """The campaign's follow-up policy (30 days after the last sign-off, 10 % drawn monthly, unless set)."""
    return service.get_policy(session, principal=principal, campaign_id=str(campaign_id))


@router.put("/campaigns/{campaign_id}/follow-up-policy", response_model=FollowUpPolicyPublic,
            responses=problem_responses(400, 401, 403, 422))
def put_policy(campaign_id: uuid.UUID, data: FollowUpPolicyUpdate, session: SessionDep,
               principal: CurrentPrincipal) -> FollowUpPolicyPublic:
    """Set the campaign's follow-up policy (civil affairs, admin, task force); 422 ``campaign_not_found`` for a
    campaign that does not exist."""
    return service.put_policy(session, principal=principal, campaign_id=str(campaign_id), data=data)
