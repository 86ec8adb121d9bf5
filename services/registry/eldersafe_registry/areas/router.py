from fastapi import APIRouter, Query

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


@router.post("/areas", status_code=201, response_model=AreaPublic,
             responses=problem_responses(401, 403, 409))
def create_area(data: AreaCreate, session: SessionDep, principal: CurrentPrincipal) -> AreaPublic:
    """Add a sub-district or community (civil affairs, admin)."""
    return service.create_area(session, principal=principal, data=data)


@router.get("/departments", response_model=list[DepartmentPublic], responses=problem_responses(401, 403))
def list_departments(session: SessionDep, principal: CurrentPrincipal) -> list[DepartmentPublic]:
    """The departments of the joint campaign."""
    return service.list_departments(session, principal=principal)
