"""Who may do what in the registry, decided from the verified token alone.

Order matters: a facility outside the caller's area answers 404 before any role check answers 403, so that
a caller cannot learn which facilities exist elsewhere.
"""

from __future__ import annotations

from eldersafe_common.auth import Position, Principal, Role
from eldersafe_common.errors import Forbidden, NotFound

from .models import Facility

# Base data (facilities, areas, imports, exports) is kept by civil affairs (P12).
BASE_DATA_WRITERS = (Role.civil_affairs, Role.admin)
TASK_FORCE_WRITERS = (Role.civil_affairs, Role.admin)
READINESS_WRITERS = (Role.civil_affairs, Role.emergency, Role.fire, Role.admin, Role.facility)
RESIDENT_WRITERS = (Role.civil_affairs, Role.admin, Role.facility)
# Relocation (安置) is run by civil affairs with the territorial heads and the task force (P6, P11, P12).
RELOCATORS = (*RESIDENT_WRITERS, Role.subdistrict, Role.community, Role.task_force)


def require_reader(principal: Principal) -> None:
    """Every role reads the registry except the city platform (its own API) and the reward custodian."""
    if principal.role == Role.city_platform:
        raise Forbidden("The city platform reads the registry through its own API.", code="role_forbidden")
    if principal.role == Role.reward_custodian:
        raise Forbidden("The reward custodian reads tip rewards only.", code="role_forbidden")


def sees(principal: Principal, facility: Facility) -> bool:
    """Whether the facility lies inside the caller's area (and is the manager's own facility)."""
    if not principal.covers(facility.area_code):
        return False
    return principal.role != Role.facility or principal.facility == facility.id


def ensure_visible(principal: Principal, facility: Facility | None) -> Facility:
    """Return the facility, or answer 404 when it is missing or outside the caller's area."""
    require_reader(principal)
    if facility is None or not sees(principal, facility):
        raise NotFound("Facility not found.", code="facility_not_found")
    return facility


def require_base_data_writer(principal: Principal) -> None:
    principal.require(*BASE_DATA_WRITERS)


def require_status_changer(principal: Principal) -> None:
    if principal.role == Role.task_force:
        principal.require(Role.task_force, positions=(Position.leader, Position.deputy))
        return
    principal.require(Role.civil_affairs, Role.admin, Role.task_force)


def require_readiness_writer(principal: Principal) -> None:
    principal.require(*READINESS_WRITERS)


def require_resident_writer(principal: Principal) -> None:
    principal.require(*RESIDENT_WRITERS)


def require_relocator(principal: Principal) -> None:
    """Resident writers, sub-district and community officers and heads, the task-force leader and deputy."""
    if principal.role == Role.task_force:
        principal.require(Role.task_force, positions=(Position.leader, Position.deputy))
        return
    principal.require(*RELOCATORS)


def require_task_force_writer(principal: Principal) -> None:
    principal.require(*TASK_FORCE_WRITERS)
