"""Who a hazard stage tells, over its due set, all in SQL: the responsible person from the hazard row, the
supervisor's contact, and contacts holding a post whose area covers the hazard's (a prefix test): heads of the
hazard's departments, the community officer, the sub-district head and the task-force leader; facility managers
by facility."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, and_, false, func, literal, null, or_, select, union_all
from sqlalchemy.orm import aliased
from sqlmodel import col

from ...contacts.models import NotificationContact
from ...hazards.models import NotificationHazard, NotificationHazardDepartment
from . import due

H = NotificationHazard
C = NotificationContact
D = NotificationHazardDepartment
AnySelect = Select[*tuple[Any, ...]]

# role and position of the post each recipient kind names (department heads: the role is the department).
POSTS: dict[str, tuple[str, str]] = {
    "community_officer": ("community", "officer"),
    "subdistrict_head": ("subdistrict", "head"),
    "task_force_leader": ("task_force", "leader"),
}


def _covers(area: Any) -> ColumnElement[bool]:
    # Principal.covers in SQL: the contact's area is a prefix of the hazard's.
    return func.substr(col(H.area_code), 1, func.length(area)) == area


def _manager_has_the_phone() -> ColumnElement[bool]:
    # An enabled facility-manager account of the hazard's facility with the responsible person's phone.
    manager = aliased(NotificationContact, name="manager")
    return (select(col(manager.account_id))
            .where(col(manager.role) == "facility", col(manager.position) == "manager",
                   col(manager.facility) == col(H.facility_id), col(manager.phone) == col(H.responsible_phone),
                   col(manager.disabled) == false())
            .exists())


def recipients(kind: str, *, also: Sequence[str] = ()) -> AnySelect | None:
    """(hazard_id, key, name, phone, email, account) of one recipient kind over the due set; None when unknown.

    ``account`` is 1 for an account (every channel of the stage), 0 for a person without one (SMS only).
    ``also``: the stage's other kinds. The responsible person is usually the registry's manager, whose phone
    the facility manager's account has too: when that account is told as well, one SMS goes to the phone.
    """
    stmt: AnySelect
    if kind == "responsible":
        key = literal("person:") + col(H.responsible_name) + literal(":") + func.coalesce(col(H.responsible_phone), "")
        stmt = (select(col(H.id).label("hazard_id"), key.label("key"), col(H.responsible_name).label("name"),
                       col(H.responsible_phone).label("phone"), null().label("email"), literal(0).label("account"))
                .select_from(H).where(col(H.responsible_name).is_not(None)))
        if "facility_manager" in also:
            stmt = stmt.where(~_manager_has_the_phone())
    elif kind == "supervisor":
        stmt = (select(col(H.id).label("hazard_id"), (literal("account:") + col(H.supervisor_subject)).label("key"),
                       func.coalesce(col(C.name), col(H.supervisor_name)).label("name"), col(C.phone).label("phone"),
                       col(C.email).label("email"), literal(1).label("account"))
                .select_from(H).outerjoin(C, col(C.account_id) == col(H.supervisor_subject))
                .where(col(H.supervisor_subject).is_not(None),
                       or_(col(C.disabled).is_(None), col(C.disabled) == false())))
    else:
        stmt = (select(col(H.id).label("hazard_id"), (literal("account:") + col(C.account_id)).label("key"),
                       col(C.name).label("name"), col(C.phone).label("phone"), col(C.email).label("email"),
                       literal(1).label("account"))
                .select_from(H).where(col(C.disabled) == false()))
        if kind == "department_head":
            stmt = (stmt.join(D, col(D.hazard_id) == col(H.id))
                    .join(C, and_(col(C.role) == col(D.department), col(C.position) == "head",
                                  _covers(col(C.area)))))
        elif kind == "facility_manager":
            stmt = stmt.join(C, and_(col(C.role) == "facility", col(C.position) == "manager",
                                     col(C.facility) == col(H.facility_id)))
        elif kind in POSTS:
            role, position = POSTS[kind]
            stmt = stmt.join(C, and_(col(C.role) == role, col(C.position) == position, _covers(col(C.area))))
        else:
            return None
    return stmt.where(*due.in_due_set())


def recipient_union(kinds: Sequence[str]) -> Subquery | None:
    """Every recipient of the stage's kinds over the due set, as one UNION ALL; None when no kind is known."""
    parts = [stmt for stmt in (recipients(kind, also=kinds) for kind in kinds) if stmt is not None]
    if not parts:
        return None
    return (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("r")
