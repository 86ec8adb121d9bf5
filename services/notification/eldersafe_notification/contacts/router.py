"""Facilities as this service knows them (read-only; the registry owns them)."""

from fastapi import APIRouter

from eldersafe_common.errors import problem_responses

from ..deps import CurrentPrincipal, SessionDep
from . import service
from .schemas import ContactPublic

router = APIRouter(prefix="/api/notification", tags=["notification"])


@router.get("/contacts", response_model=list[ContactPublic], responses=problem_responses(401, 403))
def list_contacts(session: SessionDep, principal: CurrentPrincipal) -> list[ContactPublic]:
    """Facilities this service can alert, inside the caller's area."""
    return service.list_contacts(session, principal=principal)
