"""Who may see and act on which tips, decided from the verified token and the tip alone.

Order matters: a tip the caller may not see answers 404 before any role check answers 403, so a department
cannot learn that a tip it was not given exists.
"""

from __future__ import annotations

from eldersafe_common.auth import Position, Principal, Role
from eldersafe_common.errors import Forbidden, NotFound

from .models import Tip

# Facility managers must never learn who reported them; the city platform has its own Open311 view; the reward
# custodian reads the tip number and facility name inside a reward, never the case itself (least privilege).
SHUT_OUT = (Role.facility, Role.city_platform, Role.reward_custodian)
# Read every tip in their area.
AREA_READERS = (Role.civil_affairs, Role.admin, Role.task_force, Role.subdistrict, Role.community)
TRIAGE_POSITIONS = (Position.staff, Position.head)


def require_staff(principal: Principal) -> None:
    """Any role but the facility manager, the city platform and the reward custodian."""
    if principal.role in SHUT_OUT:
        raise Forbidden("Your role may not read tips.", code="role_forbidden")


def is_triager(principal: Principal) -> bool:
    """Civil affairs staff and heads, and admin, triage."""
    return principal.role is Role.admin or (
        principal.role is Role.civil_affairs and principal.position in TRIAGE_POSITIONS)


def assigned_department(principal: Principal) -> str | None:
    """The department whose assigned tips the caller sees (None for callers who see by area)."""
    if principal.role in AREA_READERS or not principal.is_department:
        return None
    return principal.department


def sees(principal: Principal, tip: Tip) -> bool:
    """Inside the caller's area; a department only the tips assigned to it."""
    if principal.role in SHUT_OUT or not principal.covers(tip.area_code):
        return False
    if principal.role in AREA_READERS:
        return True
    return principal.is_department and tip.assigned_department == principal.department


def ensure_visible(principal: Principal, tip: Tip | None) -> Tip:
    """The tip, or 404 when it is missing or the caller may not see it (403 for roles shut out entirely)."""
    require_staff(principal)
    if tip is None or not sees(principal, tip):
        raise NotFound("Tip not found.", code="tip_not_found")
    return tip


def require_triager(principal: Principal, tip: Tip | None = None) -> None:
    """Triage rights come from the role alone (``tip`` is taken so that every write check has one shape)."""
    if not is_triager(principal):
        raise Forbidden("Only civil affairs staff and heads or an administrator triage tips.",
                        code="role_forbidden")


def handles(principal: Principal, tip: Tip) -> bool:
    """The department the tip is assigned to (admin may act for any department)."""
    if principal.role is Role.admin:
        return True
    return (principal.is_department and principal.department == tip.assigned_department
            and principal.position in TRIAGE_POSITIONS)


def require_handler(principal: Principal, tip: Tip) -> None:
    if not handles(principal, tip):
        raise Forbidden("Only the department the tip is assigned to records its outcome.",
                        code="not_assigned_department")


def require_correspondent(principal: Principal, tip: Tip) -> None:
    """Triage and the assigned department write to the reporter; readers by area do not."""
    if not (is_triager(principal) or handles(principal, tip)):
        raise Forbidden("Only triage and the assigned department write to the reporter.", code="role_forbidden")
