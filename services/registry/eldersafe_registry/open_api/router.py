import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from eldersafe_common.errors import problem_responses
from eldersafe_common.sync import LIMIT_DEFAULT, LIMIT_MAX, Rfc3339
from eldersafe_common.validation import only_query

from ..deps import CurrentPrincipal, SessionDep
from ..fields import AreaCode, FacilityStatus
from . import service
from .schemas import FacilityStatistics, OpenFacility, OpenFacilityPage

router = APIRouter(prefix="/api/open/v1", tags=["open API"])

Limit = Annotated[int, Query(ge=1, le=LIMIT_MAX, description="Items per page (1–500)")]
Cursor = Annotated[str | None, Query(max_length=2000, description=(
    "next_cursor from the previous page, unchanged; the other filters must stay the same"))]
UpdatedSince = Annotated[Rfc3339 | None, Query(description=(
    "RFC 3339 time with an offset: the first page starts with changes made since then (ignored with a cursor)"),
    openapi_examples={"since": {"value": "2026-11-01T00:00:00+08:00"}})]
Area = Annotated[AreaCode | None, Query(description="Only this area (sub-district or community code)")]


@router.get("/facilities", response_model=OpenFacilityPage, responses=problem_responses(400, 401, 403, 422),
            dependencies=[only_query("limit", "cursor", "updated_since", "status", "area")])
def list_facilities(session: SessionDep, principal: CurrentPrincipal, limit: Limit = LIMIT_DEFAULT,
                    cursor: Cursor = None, updated_since: UpdatedSince = None,
                    status: Annotated[FacilityStatus | None, Query()] = None, area: Area = None) -> OpenFacilityPage:
    """Facilities in change order (scope facilities:read). Page with next_cursor until has_more is false, then
    keep polling with the last next_cursor: a facility that changes again is served again with its new state."""
    return service.list_facilities(session, principal=principal, limit=limit, cursor=cursor,
                                   updated_since=updated_since, status=status, area=area)


@router.get("/facilities/{facility_id}", response_model=OpenFacility,
            responses=problem_responses(401, 403, 404, 422))
def get_facility(facility_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> OpenFacility:
    """One facility (scope facilities:read)."""
    return service.get_facility(session, principal=principal, facility_id=str(facility_id))


@router.get("/statistics/facilities", response_model=FacilityStatistics,
            responses=problem_responses(401, 403, 422), dependencies=[only_query("area")])
def facility_statistics(session: SessionDep, principal: CurrentPrincipal, area: Area = None) -> FacilityStatistics:
    """Facilities by status, ownership and decided class, and per sub-district (scope statistics:read)."""
    return service.statistics(session, principal=principal, area=area)
