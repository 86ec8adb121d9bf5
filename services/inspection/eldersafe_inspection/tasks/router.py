"""Inspection tasks."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from eldersafe_common.errors import problem_responses
from eldersafe_common.validation import only_query

from ..campaigns.fields import Department, FacilityId, Page, PageSize, TaskStatus
from ..deps import CurrentPrincipal, SessionDep
from . import service
from .schemas import TaskCreate, TaskPage, TaskPublic, TaskUpdate

router = APIRouter(prefix="/api/inspection/tasks", tags=["tasks"])


@router.get("", response_model=TaskPage, responses=problem_responses(401, 403, 422),
            dependencies=[only_query("campaign_id", "facility_id", "department", "mine", "status", "page",
                                     "page_size")])
def list_tasks(
    session: SessionDep,
    principal: CurrentPrincipal,
    campaign_id: Annotated[uuid.UUID | None, Query()] = None,
    facility_id: Annotated[FacilityId | None, Query()] = None,
    department: Annotated[Department | None, Query()] = None,
    mine: Annotated[bool, Query(description="Only tasks assigned to the caller")] = False,
    status: Annotated[TaskStatus | None, Query()] = None,
    page: Annotated[Page, Query()] = 1,
    page_size: Annotated[PageSize, Query()] = 20,
) -> TaskPage:
    """Tasks inside the caller's area, soonest due first."""
    return service.list_tasks(session, principal=principal, campaign_id=str(campaign_id) if campaign_id else None,
                              facility_id=facility_id, department=department, mine=mine, status=status,
                              page=page, page_size=page_size)


@router.post("", status_code=201, response_model=TaskPublic, responses=problem_responses(401, 403, 404, 422))
def create_task(data: TaskCreate, session: SessionDep, principal: CurrentPrincipal) -> TaskPublic:
    """Plan a task (civil affairs, task force leader or deputy, department heads, admin)."""
    return service.create_task(session, principal=principal, data=data)


@router.get("/{task_id}", response_model=TaskPublic, responses=problem_responses(401, 403, 404, 422))
def get_task(task_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> TaskPublic:
    """One task inside the caller's area."""
    return service.get_task(session, principal=principal, task_id=str(task_id))


@router.patch("/{task_id}", response_model=TaskPublic, responses=problem_responses(401, 403, 404, 409, 422))
def update_task(task_id: uuid.UUID, data: TaskUpdate, session: SessionDep,
                principal: CurrentPrincipal) -> TaskPublic:
    """Replan, cancel or restore a task that is not done."""
    return service.update_task(session, principal=principal, task_id=str(task_id), data=data)
