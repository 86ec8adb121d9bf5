"""Printable pages (text/html, Chinese, A4)."""

import uuid
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from eldersafe_common.errors import problem_responses

from ..deps import CurrentPrincipal, SessionDep
from . import service

router = APIRouter(prefix="/api/rectification", tags=["documents"])
HTML_PAGE: dict[int | str, dict[str, Any]] = {200: {"content": {"text/html": {}}, "description": "A printable page"}}


@router.get("/facilities/{facility_id}/rectification-notice.html", response_class=HTMLResponse,
            responses={**HTML_PAGE, **problem_responses(401, 403, 404, 422)})
def rectification_notice(facility_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> HTMLResponse:
    """整改通知书: the facility's open hazards with item, basis, description, measures and deadline."""
    return HTMLResponse(service.rectification_notice(session, principal=principal, facility_id=str(facility_id)))


@router.get("/supervision-orders/{order_id}/document.html", response_class=HTMLResponse,
            responses={**HTML_PAGE, **problem_responses(401, 403, 404, 422)})
def supervision_document(order_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> HTMLResponse:
    """督办单: number, level, hazards, requirements, deadline and supervisor."""
    return HTMLResponse(service.supervision_document(session, principal=principal, order_id=str(order_id)))
