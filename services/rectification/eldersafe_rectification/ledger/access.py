"""Who may read a hazard, and who each actor of the state table (``states.Actor``) is for a given hazard."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from eldersafe_common.auth import CAMPAIGN_ROLES, DEPARTMENTS, Position, Principal, Role
from eldersafe_common.errors import Forbidden, NotFound

from . import repository, states
from .models import Hazard
from .states import Actor


def owning_department(principal: Principal, hazard: Hazard) -> bool:
    """A department the hazard belongs to (any position)."""
    return principal.role in DEPARTMENTS and principal.role.value in hazard.departments


def own_facility_manager(principal: Principal, hazard: Hazard) -> bool:
    return principal.role is Role.facility and principal.facility == hazard.facility_id


_ACTORS: dict[Actor, Callable[[Principal, Hazard], bool]] = {
    Actor.facility_manager: own_facility_manager,
    Actor.owning_department: owning_department,
    Actor.owning_department_staff: lambda p, h: owning_department(p, h) and p.position in (Position.staff,
                                                                                          Position.head),
    Actor.owning_department_head: lambda p, h: owning_department(p, h) and p.position is Position.head,
    Actor.civil_affairs: lambda p, h: p.role is Role.civil_affairs,
    Actor.civil_affairs_head: lambda p, h: p.role is Role.civil_affairs and p.position is Position.head,
    Actor.admin: lambda p, h: p.role is Role.admin,
}


def is_actor(principal: Principal, hazard: Hazard, action: states.Action) -> bool:
    """Whether the caller is one of the action's actors for this hazard (events and the worker are no caller)."""
    return any(_ACTORS[actor](principal, hazard) for actor in action.actors if actor in _ACTORS)


def deny() -> Forbidden:
    return Forbidden("Your role may not perform this action on this hazard.", code="role_forbidden")


def require_actor(principal: Principal, hazard: Hazard, action: states.Action) -> None:
    """403 ``role_forbidden`` unless the caller may take ``action`` on this hazard (whatever its state)."""
    if not is_actor(principal, hazard, action):
        raise deny()


def require_reader(principal: Principal) -> None:
    """403 for a role that reads no hazard at all (the city platform has its open API; the reward custodian)."""
    principal.require(*CAMPAIGN_ROLES)


def visible(principal: Principal, hazard: Hazard) -> bool:
    if principal.role not in CAMPAIGN_ROLES or not principal.covers(hazard.area_code):
        return False
    return principal.role is not Role.facility or principal.facility == hazard.facility_id


def load(session: Session, principal: Principal, hazard_id: str) -> Hazard:
    """The hazard if the caller may read it; 404 outside their area (or another facility's)."""
    require_reader(principal)  # a role that reads no hazard at all is told so (403) before any lookup (404)
    hazard = repository.get_hazard(session, hazard_id)
    if hazard is None or not visible(principal, hazard):
        raise NotFound("Hazard not found.", code="hazard_not_found")
    return hazard


def own_facility(principal: Principal) -> str | None:
    """The facility a facility manager's lists are limited to (None for every other role)."""
    if principal.role is not Role.facility:
        return None
    if not principal.facility:
        raise Forbidden("The token names no facility.", code="facility_missing")
    return principal.facility
