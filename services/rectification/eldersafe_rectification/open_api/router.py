"""Open API routes for the city platform (thin: every rule lives in service.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from eldersafe_common.errors import problem_responses
from eldersafe_common.sync import LIMIT_DEFAULT, LIMIT_MAX
from eldersafe_common.validation import only_query

from ..deps import CurrentPrincipal, SessionDep
from . import service
from .schemas import AreaHazardSummaries, AreaLevel, FacilityHazardSummaryPage, HazardStatistics

router = APIRouter(prefix="/api/open/v1", tags=["open-api"])


@router.get("/hazard-summaries/facilities", response_model=FacilityHazardSummaryPage,
            responses=problem_responses(400, 401, 403, 422),
            dependencies=[only_query("limit", "cursor", "updated_since")])
def facility_summaries(
    session: SessionDep, principal: CurrentPrincipal,
    limit: Annotated[int, Query(ge=1, le=LIMIT_MAX, description="Facilities per page")] = LIMIT_DEFAULT,
    cursor: Annotated[str | None, Query(max_length=2000, description="next_cursor of the previous page, as given")]
    = None,
    updated_since: Annotated[datetime | None, Query(
        description="RFC 3339; first page only: facilities with a hazard changed since then")] = None,
) -> FacilityHazardSummaryPage:
    """Hazard summary per facility, in the order of each facility's latest change (scope hazards:read).

    Keep polling with ``next_cursor``: a facility whose hazards change comes again with its new summary.
    """
    page = service.facility_summaries(session, principal=principal, limit=limit, cursor=cursor,
                                      updated_since=updated_since)
    return FacilityHazardSummaryPage.model_validate(page.model_dump())


@router.get("/hazard-summaries/areas", response_model=AreaHazardSummaries, responses=problem_responses(401, 403, 422),
            dependencies=[only_query("level")])
def area_summaries(session: SessionDep, principal: CurrentPrincipal,
                   level: Annotated[AreaLevel, Query(description="Group by sub-district or community")]
                   = "subdistrict") -> AreaHazardSummaries:
    """Hazard summary per sub-district or community inside the client's area (scope hazards:read)."""
    return service.area_summaries(session, principal=principal, level=level)


@router.get("/statistics/hazards", response_model=HazardStatistics, responses=problem_responses(401, 403, 422),
            dependencies=[only_query()])
def hazard_statistics(session: SessionDep, principal: CurrentPrincipal) -> HazardStatistics:
    """Ledger totals inside the client's area: rectification rate, overdue, major, orders, per department
    (scope statistics:read)."""
    return service.statistics(session, principal=principal)
