import uuid

from fastapi import APIRouter, Response

from eldersafe_common.errors import problem_responses

from ..deps import CurrentPrincipal, SessionDep
from . import service
from .schemas import TaskForceMemberCreate, TaskForceMemberPublic, TaskForceMemberUpdate

router = APIRouter(prefix="/api/registry/task-force", tags=["task force"])


@router.get("", response_model=list[TaskForceMemberPublic], responses=problem_responses(401, 403))
def list_members(session: SessionDep, principal: CurrentPrincipal) -> list[TaskForceMemberPublic]:
    """The task force roster, leaders first."""
    return service.list_members(session, principal=principal)


@router.post("", status_code=201, response_model=TaskForceMemberPublic, responses=problem_responses(401, 403))
def create_member(data: TaskForceMemberCreate, session: SessionDep,
                  principal: CurrentPrincipal) -> TaskForceMemberPublic:
    """Add a member (civil affairs, admin)."""
    return service.create_member(session, principal=principal, data=data)


@router.patch("/{member_id}", response_model=TaskForceMemberPublic, responses=problem_responses(401, 403, 404))
def update_member(member_id: uuid.UUID, data: TaskForceMemberUpdate, session: SessionDep,
                  principal: CurrentPrincipal) -> TaskForceMemberPublic:
    """Change a member's details (civil affairs, admin)."""
    return service.update_member(session, principal=principal, member_id=str(member_id), data=data)


@router.delete("/{member_id}", status_code=204, responses=problem_responses(401, 403, 404))
def delete_member(member_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> Response:
    """Remove a member from the roster (civil affairs, admin)."""
    service.delete_member(session, principal=principal, member_id=str(member_id))
    return Response(status_code=204)
