from typing import Annotated

from fastapi import APIRouter, Path, Query

from eldersafe_common.errors import problem_responses
from eldersafe_common.validation import only_query

from ..deps import CurrentPrincipal, SessionDep
from ..fields import AreaCode, AreaLevel
from . import service
from .schemas import AreaCreate, AreaPublic, DepartmentPublic

router = APIRouter(prefix="/api/registry", tags=["areas"])


@router.get("/areas", response_model=list[AreaPublic], responses=problem_responses(401, 403),
            dependencies=[only_query("level", "parent")])
def list_areas(session: SessionDep, principal: CurrentPrincipal, level: AreaLevel | None = None,
               parent: AreaCode | None = Query(default=None)) -> list[AreaPublic]:
    """Areas of the district: sub-districts and communities."""
    return service.list_areas(session, principal=principal, level=level, parent=parent)


@router.get("/areas/{code}", response_model=AreaPublic, responses=problem_responses(401, 403, 404, 422))
def get_area(code: Annotated[str, Path(max_length=32, description="District, sub-district or community code")],
             session: SessionDep, principal: CurrentPrincipal) -> AreaPublic:
    """One area by its code (404 ``area_not_found``): how another service checks that a code exists."""
    return service.get_area(session, principal=principal, code=code)


@router.post("/areas", status_code=201, response_model=AreaPublic,
             responses=problem_responses(401, 403, 409))
def create_area(data: AreaCreate, session: SessionDep, principal: CurrentPrincipal) -> AreaPublic:
    """Add a sub-district or community (civil affairs, admin)."""
    return service.create_area(session, principal=principal, data=data)


@router.get("/departments", response_model=list[DepartmentPublic], responses=problem_responses(401, 403))
def list_departments(session: SessionDep, principal: CurrentPrincipal) -> list[DepartmentPublic]:
    """The departments of the joint campaign."""
    return service.list_departments(session, principal=principal)
