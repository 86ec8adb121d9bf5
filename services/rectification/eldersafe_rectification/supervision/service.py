"""Supervision orders (work plan 二.三 挂牌督办): issue, close, the board, and closing on the last sign-off."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import CAMPAIGN_ROLES, Position, Principal, Role
from eldersafe_common.errors import Conflict, FieldError, Forbidden, Invalid, NotFound

from ..facilities.models import RectificationFacility
from ..ledger.models import Hazard
from ..ledger.states import FINISHED, SIGNED_OFF, WITHDRAWN
from . import repository
from .events import SUPERVISION_ORDER_CLOSED, SUPERVISION_ORDER_ISSUED, announce
from .models import SupervisionOrder
from .schemas import SupervisionOrderCreate, SupervisionOrderPage, SupervisionOrderPublic

ISSUER_POSITIONS = (Position.leader, Position.deputy)
YELLOW_DAYS = 3
SYSTEM = "system"


def today() -> date:
    """The district's current date (tests replace it)."""
    return clock.china_today()


def light(order: SupervisionOrder, *, on: date) -> str:
    """red when an open order is past its deadline, yellow when due within 3 days, green otherwise."""
    if order.state != "open":
        return "green"
    if order.deadline < on:
        return "red"
    if (order.deadline - on).days <= YELLOW_DAYS:
        return "yellow"
    return "green"


def to_public(order: SupervisionOrder, *, on: date) -> SupervisionOrderPublic:
    return SupervisionOrderPublic.model_validate({**order.model_dump(), "light": light(order, on=on)})


def _facility_filter(principal: Principal) -> str | None:
    """A facility manager reads only their own facility; everyone else reads their whole area."""
    principal.require(*CAMPAIGN_ROLES)
    if principal.role is Role.facility:
        if not principal.facility:
            raise Forbidden("The token names no facility.", code="facility_missing")
        return principal.facility
    return None


def visible_order(session: Session, *, principal: Principal, order_id: str) -> SupervisionOrder:
    """The order if the caller may read it (404 outside the caller's area or facility)."""
    own_facility = _facility_filter(principal)
    order = repository.get_order(session, order_id)
    if order is None or not principal.covers(order.area_code) or (
            own_facility is not None and order.facility_id != own_facility):
        raise NotFound("No such supervision order.", code="supervision_order_not_found")
    return order


def get_order(session: Session, *, principal: Principal, order_id: str) -> SupervisionOrderPublic:
    """One order the caller may read."""
    return to_public(visible_order(session, principal=principal, order_id=order_id), on=today())


def list_orders(session: Session, *, principal: Principal, state: str | None, level: str | None,
                facility_id: str | None, area: str | None, page: int, page_size: int) -> SupervisionOrderPage:
    """The board: orders inside the caller's area, narrowed by the filters, each with its light."""
    own_facility = _facility_filter(principal)
    if own_facility is not None:
        if facility_id is not None and facility_id != own_facility:
            return SupervisionOrderPage(items=[], total=0, page=page, page_size=page_size)
        facility_id = own_facility
    scope = principal.area
    if area is not None:
        if area.startswith(principal.area):
            scope = area
        elif not principal.area.startswith(area):
            return SupervisionOrderPage(items=[], total=0, page=page, page_size=page_size)
    rows, total = repository.list_orders(session, area=scope, state=state, level=level, facility_id=facility_id,
                                         offset=(page - 1) * page_size, limit=page_size)
    on = today()
    return SupervisionOrderPage(items=[to_public(row, on=on) for row in rows], total=total, page=page,
                                page_size=page_size)


def _hazards_by_ids(session: Session, *, principal: Principal, hazard_ids: Sequence[str]) -> list[Hazard]:
    wanted = list(dict.fromkeys(hazard_ids))
    hazards = repository.hazards_by_ids(session, hazard_ids=wanted)
    found = {h.id: h for h in hazards if principal.covers(h.area_code)}
    missing = [hid for hid in wanted if hid not in found]
    if missing:
        # A reference in the body, not the resource addressed: refused as invalid input naming the field (a hazard
        # outside the caller's area is answered like one that does not exist).
        raise Invalid("Some hazards do not exist or lie outside your area.", code="hazard_not_found",
                       errors=[FieldError(field="body.hazard_ids", reason=f"unknown hazard {hid}")
                               for hid in missing])
    ordered = [found[hid] for hid in wanted]
    if any(h.state == SIGNED_OFF for h in ordered):
        raise Conflict("A signed-off hazard cannot be put under supervision.", code="hazard_signed_off")
    if any(h.state == WITHDRAWN for h in ordered):
        raise Conflict("A withdrawn hazard cannot be put under supervision.", code="hazard_withdrawn")
    if len({h.facility_id for h in ordered}) > 1:
        raise Invalid("The hazards of one order must belong to one facility.", code="hazards_span_facilities",
                      errors=[FieldError(field="body.hazard_ids", reason="hazards of several facilities")])
    return ordered


def _facility_hazards(session: Session, *, principal: Principal, facility_id: str) -> list[Hazard]:
    facility = session.get(RectificationFacility, facility_id)
    if facility is None or not principal.covers(facility.area_code):
        raise Invalid("No such facility.", code="facility_not_found",
                      errors=[FieldError(field="body.facility_id", reason="unknown facility")])
    hazards = repository.open_hazards_of_facility(session, facility_id=facility_id)
    if not hazards:
        raise Conflict("The facility has no open hazard to supervise.", code="no_open_hazards")
    return hazards


def issue_order(session: Session, *, principal: Principal, data: SupervisionOrderCreate) -> SupervisionOrderPublic:
    """Issue a numbered order (task force leader or deputy) over named hazards or a facility's open hazards."""
    principal.require(Role.task_force, positions=ISSUER_POSITIONS)
    on = today()
    if data.deadline < on:
        raise Invalid("The deadline lies in the past.", code="deadline_in_past",
                      errors=[FieldError(field="body.deadline", reason="must not be before today")])
    if data.hazard_ids is not None:
        hazards = _hazards_by_ids(session, principal=principal, hazard_ids=data.hazard_ids)
    else:
        assert data.facility_id is not None
        hazards = _facility_hazards(session, principal=principal, facility_id=data.facility_id)
    first = hazards[0]
    facility = session.get(RectificationFacility, first.facility_id)
    sequence = repository.next_sequence(session, year=on.year)
    order = SupervisionOrder(
        id=str(uuid.uuid4()), number=f"DB-{on.year:04d}-{sequence:04d}",
        target="hazards" if data.hazard_ids is not None else "facility",
        hazard_ids=[h.id for h in hazards], facility_id=first.facility_id,
        facility_name=facility.name if facility is not None else (first.facility_name or first.facility_id),
        area_code=first.area_code, level=data.level, supervisor_name=data.supervisor_name, deadline=data.deadline,
        requirements=data.requirements, issued_by=principal.subject, issued_by_name=principal.name or
        principal.subject, issued_at=clock.now(), state="open",
    )
    session.add(order)
    session.flush()
    announce(session, SUPERVISION_ORDER_ISSUED, order)
    return to_public(order, on=on)


def _close(session: Session, order: SupervisionOrder, *, by: str) -> None:
    order.state = "closed"
    order.closed_at = clock.now()
    order.closed_by = by
    session.add(order)
    session.flush()
    announce(session, SUPERVISION_ORDER_CLOSED, order)


def _all_signed_off(session: Session, order: SupervisionOrder) -> bool:
    hazards = repository.hazards_by_ids(session, hazard_ids=list(order.hazard_ids))
    state_of = {h.id: h.state for h in hazards}
    # A hazard withdrawn by an amendment no longer holds the order open.
    return all(state_of.get(hid) in FINISHED for hid in order.hazard_ids)


def close_order(session: Session, *, principal: Principal, order_id: str) -> SupervisionOrderPublic:
    """Close an order by hand (task force leader or deputy), only once every hazard it covers is signed off."""
    principal.require(Role.task_force, positions=ISSUER_POSITIONS)
    order = visible_order(session, principal=principal, order_id=order_id)
    if order.state != "open":
        raise Conflict("The order is already closed.", code="supervision_order_closed")
    if not _all_signed_off(session, order):
        raise Conflict("Some hazards of the order are not signed off yet.", code="hazards_not_signed_off")
    _close(session, order, by=principal.subject)
    return to_public(order, on=today())


def on_hazard_signed_off(session: Session, *, hazard: Hazard) -> list[SupervisionOrder]:
    """After a sign-off or a withdrawal (``ledger.listeners``, registered by ``hooks``): close every open order
    whose hazards are now all finished."""
    closed = []
    for order in repository.open_orders_of_facility(session, facility_id=hazard.facility_id):
        if hazard.id in order.hazard_ids and _all_signed_off(session, order):
            _close(session, order, by=SYSTEM)
            closed.append(order)
    return closed
