from sqlalchemy import case
from sqlmodel import Session, col, select

from ..models import TaskForceMember

_POSITION_ORDER = case({"leader": 0, "deputy": 1}, value=col(TaskForceMember.position), else_=2)


def list_members(session: Session) -> list[TaskForceMember]:
    stmt = select(TaskForceMember).order_by(_POSITION_ORDER, col(TaskForceMember.created_at), col(TaskForceMember.id))
    return list(session.exec(stmt))


def get_member(session: Session, member_id: str) -> TaskForceMember | None:
    return session.get(TaskForceMember, member_id)


def save(session: Session, member: TaskForceMember) -> TaskForceMember:
    session.add(member)
    session.flush()
    return member


def delete(session: Session, member: TaskForceMember) -> None:
    session.delete(member)
    session.flush()
