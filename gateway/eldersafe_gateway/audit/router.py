"""The audit trail of writes (admin only)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from eldersafe_common.errors import problem_responses

from ..deps import AdminPrincipal, SessionDep
from . import service
from .schemas import AuditPage

router = APIRouter(prefix="/api/audit", tags=["audit"])

_NO_NUL = r"^[^\x00]*$"


@router.get("", response_model=AuditPage, responses=problem_responses(401, 403))
def list_audit(
    session: SessionDep,
    _admin: AdminPrincipal,
    actor: Annotated[str | None, Query(max_length=200, pattern=_NO_NUL, description="Subject id or name")] = None,
    method: Literal["POST", "PUT", "PATCH", "DELETE"] | None = None,
    path: Annotated[str | None, Query(max_length=500, pattern=_NO_NUL, description="Path prefix")] = None,
    outcome: Literal["success", "failure", "client_error", "server_error"] | None = None,
    status: Annotated[int | None, Query(ge=100, le=599)] = None,
    request_id: Annotated[str | None, Query(max_length=64, pattern=_NO_NUL)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> AuditPage:
    """Writes through the gateway: who, what, when, and how it ended."""
    return service.list_entries(
        session=session, actor=actor, method=method, path_prefix=path, outcome=outcome, status=status,
        request_id=request_id, since=since, until=until, page=page, page_size=page_size,
    )
