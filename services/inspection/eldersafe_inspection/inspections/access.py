"""Who may see and change which inspections, decided from the verified token and the record alone.

Order matters: an inspection outside the caller's area answers 404 before any role check answers 403.
"""

from __future__ import annotations

from eldersafe_common.auth import CAMPAIGN_ROLES, DEPARTMENTS, Principal, Role
from eldersafe_common.errors import Forbidden, NotFound

from .models import Inspection, InspectionSection

# Department staff and heads record official inspections; admin may open one for any department.
OFFICIAL_CREATORS = (*sorted(DEPARTMENTS), Role.admin)


def require_reader(principal: Principal) -> None:
    principal.require(*CAMPAIGN_ROLES)
    if principal.role is Role.facility and not principal.facility:
        # Without the claim the area alone would show a manager every inspection in the community.
        raise Forbidden("The token names no facility.", code="facility_missing")


def sees(principal: Principal, inspection: Inspection) -> bool:
    """Inside the caller's area, and the manager's own facility."""
    if principal.role is Role.city_platform or not principal.covers(inspection.area_code):
        return False
    return principal.role is not Role.facility or principal.facility == inspection.facility_id


def ensure_visible(principal: Principal, inspection: Inspection | None) -> Inspection:
    """The inspection, or 404 when it is missing or outside the caller's area."""
    require_reader(principal)
    if inspection is None or not sees(principal, inspection):
        raise NotFound("Inspection not found.", code="inspection_not_found")
    return inspection


def require_creator(principal: Principal, *, self_check: bool) -> None:
    """Self-checks by facility managers only; official inspections by departments and admin."""
    if self_check:
        if principal.role is not Role.facility:
            raise Forbidden("Only a facility manager records a self-check.", code="self_check_forbidden")
        return
    if principal.role is Role.facility:
        raise Forbidden("A facility manager records self-checks only.", code="role_forbidden")
    principal.require(*OFFICIAL_CREATORS)


def may_answer(principal: Principal, inspection: Inspection, section: InspectionSection) -> bool:
    """A self-check is answered by its facility's manager; an official section by its own department."""
    if inspection.self_check:
        return principal.role is Role.facility and principal.facility == inspection.facility_id
    return principal.is_department and principal.department == section.department


def require_submitter(principal: Principal, inspection: Inspection) -> None:
    """The manager for a self-check; for an official one its creator or a department taking part."""
    if inspection.self_check:
        if principal.role is Role.facility and principal.facility == inspection.facility_id:
            return
    elif principal.subject == inspection.created_by or (
            principal.is_department and principal.department in inspection.departments):
        return
    raise Forbidden("You do not take part in this inspection.", code="not_a_participant")


def require_acknowledger(principal: Principal, inspection: Inspection) -> None:
    """The facility's manager, or a participant recording the manager's signature on site."""
    if principal.role is Role.facility and principal.facility == inspection.facility_id:
        return
    require_submitter(principal, inspection)
