"""Facilities as rectification knows them, read-only (the registry owns facilities)."""

from typing import Annotated

from fastapi import APIRouter, Query

from eldersafe_common.errors import problem_responses

from ..deps import CurrentPrincipal, SessionDep
from . import service
from .schemas import RectificationFacilityPage

router = APIRouter(prefix="/api/rectification", tags=["rectification"])


@router.get("/facilities", response_model=RectificationFacilityPage, responses=problem_responses(401, 403, 422))
def list_facilities(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> RectificationFacilityPage:
    """Facilities and who answers for them, inside the caller's area; a facility manager sees only their own."""
    return service.list_facilities(session=session, principal=principal, page=page, page_size=page_size)
