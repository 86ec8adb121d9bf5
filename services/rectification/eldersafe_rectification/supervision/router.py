"""Supervision orders: issue, the board, one order, closing by hand."""

import re
import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from eldersafe_common.errors import problem_responses
from eldersafe_common.validation import only_query

from ..deps import CurrentPrincipal, SessionDep
from . import service
from .schemas import Level, State, SupervisionOrderCreate, SupervisionOrderPage, SupervisionOrderPublic

router = APIRouter(prefix="/api/rectification/supervision-orders", tags=["supervision"])
_FACILITY_ID = re.compile(r"^[A-Za-z0-9-]{1,36}$")


@router.get("", response_model=SupervisionOrderPage, responses=problem_responses(401, 403, 422),
            dependencies=[only_query("state", "level", "facility_id", "area", "page", "page_size")])
def list_orders(
    session: SessionDep,
    principal: CurrentPrincipal,
    state: Annotated[State | None, Query()] = None,
    level: Annotated[Level | None, Query()] = None,
    facility_id: Annotated[str | None, Query(pattern=_FACILITY_ID.pattern)] = None,
    area: Annotated[str | None, Query(pattern=r"^[0-9]{6,15}$", description="Narrow to an area code")] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SupervisionOrderPage:
    """The supervision board inside the caller's area, open orders first, each with its red/yellow/green light."""
    return service.list_orders(session, principal=principal, state=state, level=level, facility_id=facility_id,
                               area=area, page=page, page_size=page_size)


@router.post("", status_code=201, response_model=SupervisionOrderPublic,
             responses=problem_responses(400, 401, 403, 404, 409, 422))
def issue_order(data: SupervisionOrderCreate, session: SessionDep,
                principal: CurrentPrincipal) -> SupervisionOrderPublic:
    """Issue a supervision order on hazards or on a facility's open hazards (task force leader or deputy)."""
    return service.issue_order(session, principal=principal, data=data)


@router.get("/{order_id}", response_model=SupervisionOrderPublic, responses=problem_responses(401, 403, 404, 422))
def get_order(order_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> SupervisionOrderPublic:
    """One supervision order the caller may read."""
    return service.get_order(session, principal=principal, order_id=str(order_id))


@router.post("/{order_id}/close", response_model=SupervisionOrderPublic,
             responses=problem_responses(401, 403, 404, 409, 422))
def close_order(order_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> SupervisionOrderPublic:
    """Close an order whose hazards are all signed off (task force leader or deputy)."""
    return service.close_order(session, principal=principal, order_id=str(order_id))
