"""Facilities as this service knows them (read-only; the registry owns them)."""

from fastapi import APIRouter
from pydantic import BaseModel
from sqlmodel import col, select

from eldersafe_common.auth import Role
from eldersafe_common.errors import Forbidden, problem_responses

from .deps import CurrentPrincipal, SessionDep
from .models import NotificationFacility

router = APIRouter(prefix="/api/notification", tags=["notification"])


class ContactPublic(BaseModel):
    facility_id: str
    name: str
    area_code: str
    status: str
    has_manager_phone: bool


@router.get("/contacts", response_model=list[ContactPublic], responses=problem_responses(401, 403))
def list_contacts(session: SessionDep, principal: CurrentPrincipal) -> list[ContactPublic]:
    """Facilities this service can alert, inside the caller's area."""
    if principal.role is Role.reward_custodian:  # it pays tip rewards and reads nothing else (least privilege)
        raise Forbidden("The reward custodian reads tip rewards only.", code="role_forbidden")
    rows = session.exec(
        select(NotificationFacility)
        .where(col(NotificationFacility.area_code).startswith(principal.area))
        .order_by(col(NotificationFacility.name))
    )
    return [
        ContactPublic(
            facility_id=row.id, name=row.name, area_code=row.area_code, status=row.status,
            has_manager_phone=bool(row.manager_phone),
        )
        for row in rows
        if principal.facility in (None, row.id)
    ]
