"""Checklists, their published versions, and the major-hazard criteria."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from eldersafe_common.errors import problem_responses
from eldersafe_common.validation import only_query

from ..deps import CurrentPrincipal, SessionDep
from . import service
from .fields import Department, Page, PageSize, SearchText
from .schemas import (
    ChecklistCreate,
    ChecklistDetail,
    ChecklistPage,
    ChecklistVersionPage,
    ChecklistVersionPublic,
    CriterionCreate,
    CriterionPage,
    CriterionPublic,
    CriterionUpdate,
    DraftUpdate,
    PublishRequest,
)

router = APIRouter(prefix="/api/inspection", tags=["checklists"])




@router.get("/checklists", response_model=ChecklistPage, responses=problem_responses(401, 403),
            dependencies=[only_query("department", "q", "page", "page_size")])
def list_checklists(session: SessionDep, principal: CurrentPrincipal,
                    department: Annotated[Department | None, Query()] = None,
                    q: Annotated[SearchText | None, Query(description="Part of the code or title")] = None,
                    page: Annotated[Page, Query()] = 1,
                    page_size: Annotated[PageSize, Query()] = 20) -> ChecklistPage:
    """Checklists of every department (or one), by department and code."""
    return service.list_checklists(session, principal=principal, department=department, q=q, page=page,
                                   page_size=page_size)


@router.post("/checklists", status_code=201, response_model=ChecklistDetail,
             responses=problem_responses(401, 403, 409))
def create_checklist(data: ChecklistCreate, session: SessionDep, principal: CurrentPrincipal) -> ChecklistDetail:
    """Create a checklist with a draft (the department's own staff, or admin)."""
    return service.create_checklist(session, principal=principal, data=data)


@router.get("/checklists/{checklist_id}", response_model=ChecklistDetail, responses=problem_responses(401, 403, 404))
def get_checklist(checklist_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> ChecklistDetail:
    """One checklist with its draft and its published versions."""
    return service.get_checklist(session, principal=principal, checklist_id=str(checklist_id))


@router.put("/checklists/{checklist_id}/draft", response_model=ChecklistDetail,
            responses=problem_responses(401, 403, 404))
def replace_draft(checklist_id: uuid.UUID, data: DraftUpdate, session: SessionDep,
                  principal: CurrentPrincipal) -> ChecklistDetail:
    """Replace the draft (the department's own staff, or admin)."""
    return service.replace_draft(session, principal=principal, checklist_id=str(checklist_id), data=data)


@router.post("/checklists/{checklist_id}/publish", status_code=201, response_model=ChecklistVersionPublic,
             responses=problem_responses(401, 403, 404, 409))
def publish(checklist_id: uuid.UUID, data: PublishRequest, session: SessionDep,
            principal: CurrentPrincipal) -> ChecklistVersionPublic:
    """Publish the draft as the next immutable version; an invalid draft answers 422 naming the field."""
    return service.publish(session, principal=principal, checklist_id=str(checklist_id), data=data)


@router.get("/checklist-versions", response_model=ChecklistVersionPage, responses=problem_responses(401, 403),
            dependencies=[only_query("department", "current", "page", "page_size")])
def list_versions(session: SessionDep, principal: CurrentPrincipal,
                  department: Annotated[Department | None, Query()] = None,
                  current: Annotated[bool, Query(description="Only each live checklist's current version")] = False,
                  page: Annotated[Page, Query()] = 1,
                  page_size: Annotated[PageSize, Query()] = 20) -> ChecklistVersionPage:
    """Published versions with their items."""
    return service.list_versions(session, principal=principal, department=department, current=current, page=page,
                                 page_size=page_size)


@router.get("/checklist-versions/{version_id}", response_model=ChecklistVersionPublic,
            responses=problem_responses(401, 403, 404))
def get_version(version_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> ChecklistVersionPublic:
    """A published version exactly as it was published."""
    return service.get_version(session, principal=principal, version_id=str(version_id))


@router.get("/major-hazard-criteria", response_model=CriterionPage, responses=problem_responses(401, 403),
            dependencies=[only_query("active", "page", "page_size")])
def list_criteria(session: SessionDep, principal: CurrentPrincipal,
                  active: Annotated[bool | None, Query()] = None,
                  page: Annotated[Page, Query()] = 1,
                  page_size: Annotated[PageSize, Query()] = 100) -> CriterionPage:
    """The major-hazard criteria (《养老机构重大事故隐患判定标准》 and local refinements)."""
    return service.list_criteria(session, principal=principal, active=active, page=page, page_size=page_size)


@router.post("/major-hazard-criteria", status_code=201, response_model=CriterionPublic,
             responses=problem_responses(401, 403, 409))
def create_criterion(data: CriterionCreate, session: SessionDep, principal: CurrentPrincipal) -> CriterionPublic:
    """Add a criterion (civil-affairs head, admin)."""
    return service.create_criterion(session, principal=principal, data=data)


@router.patch("/major-hazard-criteria/{criterion_id}", response_model=CriterionPublic,
              responses=problem_responses(401, 403, 404))
def update_criterion(criterion_id: uuid.UUID, data: CriterionUpdate, session: SessionDep,
                     principal: CurrentPrincipal) -> CriterionPublic:
    """Change a criterion (civil-affairs head, admin); the code stays."""
    return service.update_criterion(session, principal=principal, criterion_id=str(criterion_id), data=data)
