"""The inspector picker: the accounts a task may be given to."""

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import StringConstraints

from eldersafe_common.errors import problem_responses
from eldersafe_common.validation import at_most, only_query

from ..campaigns.fields import Department, Page, PageSize
from ..deps import CurrentPrincipal, SessionDep
from . import service
from .schemas import InspectorPage

router = APIRouter(prefix="/api/inspection/inspectors", tags=["tasks"])

Search = Annotated[str, StringConstraints(min_length=1, max_length=50, strip_whitespace=True,
                                          pattern=r"^[^\x00]*$"), at_most(50)]


@router.get("", response_model=InspectorPage, responses=problem_responses(401, 403, 422),
            dependencies=[only_query("department", "q", "page", "page_size")])
def list_inspectors(
    session: SessionDep,
    principal: CurrentPrincipal,
    department: Annotated[Department | None, Query()] = None,
    q: Annotated[Search | None, Query(description="Part of the name or username")] = None,
    page: Annotated[Page, Query()] = 1,
    page_size: Annotated[PageSize, Query()] = 50,
) -> InspectorPage:
    """Active accounts of a department around the caller's area (planners: any department; a department: its own)."""
    return service.list_inspectors(session, principal=principal, department=department, q=q, page=page,
                                   page_size=page_size)
