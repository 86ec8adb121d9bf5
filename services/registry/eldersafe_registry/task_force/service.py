"""The campaign task force roster (专班): who leads, who deputises, which department each member speaks for."""

import uuid

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal
from eldersafe_common.errors import FieldError, Invalid, NotFound

from .. import access
from ..areas import repository as areas
from ..models import TaskForceMember
from . import repository
from .schemas import TaskForceMemberCreate, TaskForceMemberPublic, TaskForceMemberUpdate

NOT_NULL = ("name", "title", "position")


def member_public(member: TaskForceMember) -> TaskForceMemberPublic:
    return TaskForceMemberPublic(id=member.id, name=member.name, title=member.title, position=member.position,
                                 department=member.department, phone=member.phone)


def list_members(session: Session, *, principal: Principal) -> list[TaskForceMemberPublic]:
    """The roster, leaders first."""
    access.require_reader(principal)
    return [member_public(m) for m in repository.list_members(session)]


def create_member(session: Session, *, principal: Principal, data: TaskForceMemberCreate,
                  member_id: str | None = None) -> TaskForceMemberPublic:
    """Add a member (civil affairs, admin)."""
    access.require_task_force_writer(principal)
    _check_department(session, data.department)
    now = clock.now()
    member = TaskForceMember(id=member_id or str(uuid.uuid4()), **data.model_dump(), created_at=now, updated_at=now)
    return member_public(repository.save(session, member))


def update_member(session: Session, *, principal: Principal, member_id: str,
                  data: TaskForceMemberUpdate) -> TaskForceMemberPublic:
    """Change a member's details."""
    access.require_reader(principal)
    member = _get(session, member_id)
    access.require_task_force_writer(principal)
    changes = data.model_dump(exclude_unset=True)
    for name in NOT_NULL:
        if name in changes and changes[name] is None:
            raise Invalid("The member is invalid.", errors=[FieldError(field=f"body.{name}", reason="may not be null")])
    if changes.get("department") is not None:
        _check_department(session, changes["department"])
    for name, value in changes.items():
        setattr(member, name, value)
    member.updated_at = clock.now()
    return member_public(repository.save(session, member))


def delete_member(session: Session, *, principal: Principal, member_id: str) -> None:
    """Remove a member from the roster."""
    access.require_reader(principal)
    member = _get(session, member_id)
    access.require_task_force_writer(principal)
    repository.delete(session, member)


def _get(session: Session, member_id: str) -> TaskForceMember:
    member = repository.get_member(session, member_id)
    if member is None:
        raise NotFound("Task force member not found.", code="member_not_found")
    return member


def _check_department(session: Session, code: str | None) -> None:
    if code is not None and areas.get_department(session, code) is None:
        raise Invalid("The member is invalid.",
                      errors=[FieldError(field="body.department", reason="unknown department")])
