"""Who may read the facilities this service can alert: every role but the reward custodian, in its area."""

from __future__ import annotations

from sqlmodel import Session

from eldersafe_common.auth import Principal, Role
from eldersafe_common.errors import Forbidden

from . import repository
from .schemas import ContactPublic


def list_contacts(session: Session, *, principal: Principal) -> list[ContactPublic]:
    """Facilities this service can alert, inside the caller's area (a facility manager: its own)."""
    if principal.role is Role.reward_custodian:  # it pays tip rewards and reads nothing else (least privilege)
        raise Forbidden("The reward custodian reads tip rewards only.", code="role_forbidden")
    return [
        ContactPublic(facility_id=row.id, name=row.name, area_code=row.area_code, status=row.status,
                      has_manager_phone=bool(row.manager_phone))
        for row in repository.facilities_in(session, area=principal.area)
        if principal.facility in (None, row.id)
    ]
