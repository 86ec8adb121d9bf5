import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from eldersafe_common.errors import problem_responses
from eldersafe_common.sync import LIMIT_DEFAULT, LIMIT_MAX, Rfc3339
from eldersafe_common.validation import only_query

from ..deps import CurrentPrincipal, SessionDep
from . import service
from .schemas import OpenCampaign, OpenCampaignPage

router = APIRouter(prefix="/api/open/v1", tags=["open API"])

Limit = Annotated[int, Query(ge=1, le=LIMIT_MAX, description="Items per page (1–500)")]
Cursor = Annotated[str | None, Query(max_length=2000, description="next_cursor from the previous page, unchanged")]
UpdatedSince = Annotated[Rfc3339 | None, Query(description=(
    "RFC 3339 time with an offset: the first page starts with changes made since then (ignored with a cursor)"),
    openapi_examples={"since": {"value": "2026-11-01T00:00:00+08:00"}})]


@router.get("/campaigns", response_model=OpenCampaignPage, responses=problem_responses(400, 401, 403, 422),
            dependencies=[only_query("limit", "cursor", "updated_since")])
def list_campaigns(session: SessionDep, principal: CurrentPrincipal, limit: Limit = LIMIT_DEFAULT,
                   cursor: Cursor = None, updated_since: UpdatedSince = None) -> OpenCampaignPage:
    """Campaigns in change order (scope campaigns:read): a campaign comes again whenever its dates, targets,
    survey progress or classification change. Keep polling with the last next_cursor."""
    return service.list_campaigns(session, principal=principal, limit=limit, cursor=cursor,
                                  updated_since=updated_since)


@router.get("/campaigns/{campaign_id}", response_model=OpenCampaign,
            responses=problem_responses(401, 403, 404, 422))
def get_campaign(campaign_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> OpenCampaign:
    """One campaign with its progress (scope campaigns:read)."""
    return service.get_campaign(session, principal=principal, campaign_id=str(campaign_id))
