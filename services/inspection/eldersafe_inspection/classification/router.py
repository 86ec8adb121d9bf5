"""Facility classification per campaign."""

import uuid

from fastapi import APIRouter

from eldersafe_common.errors import problem_responses

from ..deps import CurrentPrincipal, SessionDep
from . import service
from .schemas import ClassificationDecision, ClassificationPublic

router = APIRouter(prefix="/api/inspection/campaigns", tags=["classification"])


@router.get("/{campaign_id}/classifications", response_model=list[ClassificationPublic],
            responses=problem_responses(401, 403, 404, 422))
def list_classifications(campaign_id: uuid.UUID, session: SessionDep,
                         principal: CurrentPrincipal) -> list[ClassificationPublic]:
    """Suggested class with reasons, and the decision if made, for each facility of the campaign."""
    return service.list_classifications(session, principal=principal, campaign_id=str(campaign_id))


@router.post("/{campaign_id}/classifications/{facility_id}", response_model=ClassificationPublic,
             responses=problem_responses(401, 403, 404, 422))
def decide(campaign_id: uuid.UUID, facility_id: uuid.UUID, data: ClassificationDecision, session: SessionDep,
           principal: CurrentPrincipal) -> ClassificationPublic:
    """Decide a facility's class (task force leader or deputy; a reason is required)."""
    return service.decide(session, principal=principal, campaign_id=str(campaign_id),
                          facility_id=str(facility_id), data=data)
