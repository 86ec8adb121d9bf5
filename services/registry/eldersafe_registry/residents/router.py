import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from eldersafe_common.errors import problem_responses
from eldersafe_common.validation import only_query

from ..deps import CurrentPrincipal, SessionDep
from ..fields import Page, PageSize
from . import service
from .schemas import MoveOut, Relocate, ResidentCreate, ResidentPage, ResidentPublic, ResidentUpdate

router = APIRouter(prefix="/api/registry/facilities/{facility_id}/residents", tags=["residents"])


@router.get("", response_model=ResidentPage, responses=problem_responses(401, 403, 404),
            dependencies=[only_query("include_moved_out", "page", "page_size")])
def list_residents(facility_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal,
                   include_moved_out: Annotated[bool, Query()] = False,
                   page: Annotated[Page, Query()] = 1,
                   page_size: Annotated[PageSize, Query()] = 50) -> ResidentPage:
    """The facility's roster; identity numbers are masked."""
    return service.list_residents(session, principal=principal, facility_id=str(facility_id),
                                  include_moved_out=include_moved_out, page=page, page_size=page_size)


@router.post("", status_code=201, response_model=ResidentPublic, responses=problem_responses(401, 403, 404, 409))
def admit_resident(facility_id: uuid.UUID, data: ResidentCreate, session: SessionDep,
                   principal: CurrentPrincipal) -> ResidentPublic:
    """Admit a resident (civil affairs, admin, the facility's manager)."""
    return service.admit_resident(session, principal=principal, facility_id=str(facility_id), data=data)


@router.patch("/{resident_id}", response_model=ResidentPublic, responses=problem_responses(401, 403, 404, 409))
def update_resident(facility_id: uuid.UUID, resident_id: uuid.UUID, data: ResidentUpdate, session: SessionDep,
                    principal: CurrentPrincipal) -> ResidentPublic:
    """Correct a resident's record."""
    return service.update_resident(session, principal=principal, facility_id=str(facility_id),
                                   resident_id=str(resident_id), data=data)


@router.delete("/{resident_id}", response_model=ResidentPublic, responses=problem_responses(401, 403, 404, 409))
def move_out(facility_id: uuid.UUID, resident_id: uuid.UUID, data: MoveOut, session: SessionDep,
             principal: CurrentPrincipal) -> ResidentPublic:
    """Move a resident out: the record stays with the date and destination (relocation is traceable)."""
    return service.move_out(session, principal=principal, facility_id=str(facility_id),
                            resident_id=str(resident_id), data=data)


@router.post("/{resident_id}/relocate", response_model=ResidentPublic,
             responses=problem_responses(401, 403, 404, 409, 422))
def relocate(facility_id: uuid.UUID, resident_id: uuid.UUID, data: Relocate, session: SessionDep,
             principal: CurrentPrincipal) -> ResidentPublic:
    """Relocate a resident (安置): to a receiving facility with a free licensed bed, a family, a hospital or
    elsewhere, with the date and who confirmed it (civil affairs, admin, the facility's manager, sub-district
    and community officers, task force leader or deputy)."""
    return service.relocate(session, principal=principal, facility_id=str(facility_id),
                            resident_id=str(resident_id), data=data)
