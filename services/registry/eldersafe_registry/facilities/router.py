import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from eldersafe_common.errors import problem_responses
from eldersafe_common.validation import only_query

from ..deps import CurrentPrincipal, SessionDep
from ..fields import AreaCode, FacilityStatus, Ownership, Page, PageSize, SearchText
from . import service
from .schemas import (
    FacilityCreate,
    FacilityFilters,
    FacilityPage,
    FacilityPublic,
    FacilitySort,
    FacilityUpdate,
    ReadinessUpdate,
    StatusChange,
    StatusChangePublic,
)

router = APIRouter(prefix="/api/registry/facilities", tags=["facilities"])

def facility_filters(
    q: Annotated[SearchText | None, Query(description="Part of the name or address")] = None,
    subdistrict_code: Annotated[AreaCode | None, Query()] = None,
    community_code: Annotated[AreaCode | None, Query()] = None,
    status: Annotated[FacilityStatus | None, Query()] = None,
    ownership: Annotated[Ownership | None, Query()] = None,
    sort: Annotated[FacilitySort, Query()] = "name",
) -> FacilityFilters:
    """The list filters, shared with the export."""
    return FacilityFilters(q=q or None, subdistrict_code=subdistrict_code, community_code=community_code,
                           status=status, ownership=ownership, sort=sort)


FiltersDep = Annotated[FacilityFilters, Depends(facility_filters)]
FILTER_NAMES = ("q", "subdistrict_code", "community_code", "status", "ownership", "sort")


@router.get("", response_model=FacilityPage, responses=problem_responses(401, 403),
            dependencies=[only_query(*FILTER_NAMES, "page", "page_size")])
def list_facilities(session: SessionDep, principal: CurrentPrincipal, filters: FiltersDep,
                    page: Annotated[Page, Query()] = 1,
                    page_size: Annotated[PageSize, Query()] = 20) -> FacilityPage:
    """Facilities inside the caller's area, filtered, sorted and paged."""
    return service.list_facilities(session, principal=principal, filters=filters, page=page, page_size=page_size)


@router.post("", status_code=201, response_model=FacilityPublic, responses=problem_responses(401, 403, 409))
def create_facility(data: FacilityCreate, session: SessionDep, principal: CurrentPrincipal) -> FacilityPublic:
    """Register a facility (civil affairs, admin)."""
    return service.create_facility(session, principal=principal, data=data)


@router.get("/{facility_id}", response_model=FacilityPublic, responses=problem_responses(401, 403, 404))
def get_facility(facility_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> FacilityPublic:
    """One facility inside the caller's area."""
    return service.get_facility(session, principal=principal, facility_id=str(facility_id))


@router.patch("/{facility_id}", response_model=FacilityPublic, responses=problem_responses(401, 403, 404, 409))
def update_facility(facility_id: uuid.UUID, data: FacilityUpdate, session: SessionDep,
                    principal: CurrentPrincipal) -> FacilityPublic:
    """Change base data (civil affairs, admin)."""
    return service.update_facility(session, principal=principal, facility_id=str(facility_id), data=data)


@router.post("/{facility_id}/status", response_model=FacilityPublic,
             responses=problem_responses(401, 403, 404, 409))
def change_status(facility_id: uuid.UUID, data: StatusChange, session: SessionDep,
                  principal: CurrentPrincipal) -> FacilityPublic:
    """Change the operating status (civil affairs, task force leader or deputy, admin). Suspension and shutdown
    need the facility's approved plan to decide it (409 plan_not_approved) and an empty roster (409
    residents_not_relocated)."""
    return service.change_status(session, principal=principal, facility_id=str(facility_id), data=data)


@router.get("/{facility_id}/status-history", response_model=list[StatusChangePublic],
            responses=problem_responses(401, 403, 404))
def status_history(facility_id: uuid.UUID, session: SessionDep,
                   principal: CurrentPrincipal) -> list[StatusChangePublic]:
    """The operating-status history, oldest first."""
    return service.status_history(session, principal=principal, facility_id=str(facility_id))


@router.put("/{facility_id}/readiness", response_model=FacilityPublic,
            responses=problem_responses(401, 403, 404, 409))
def update_readiness(facility_id: uuid.UUID, data: ReadinessUpdate, session: SessionDep,
                     principal: CurrentPrincipal) -> FacilityPublic:
    """Replace the emergency readiness record (civil affairs, emergency, fire, admin, the facility's manager)."""
    return service.update_readiness(session, principal=principal, facility_id=str(facility_id), data=data)
