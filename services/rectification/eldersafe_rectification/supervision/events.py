"""Events the supervision domain publishes (producer "rectification", subject ``supervision_order:<id>``)."""

from __future__ import annotations

from sqlmodel import Session

from eldersafe_common.events import EventType, publish
from eldersafe_common.http import request_id_var

from .models import SupervisionOrder
from .schemas import SupervisionOrderEvent

PRODUCER = "rectification"

SUPERVISION_ORDER_ISSUED = EventType("supervision_order.issued", 1, SupervisionOrderEvent)
SUPERVISION_ORDER_CLOSED = EventType("supervision_order.closed", 1, SupervisionOrderEvent)


def announce(session: Session, event_type: EventType[SupervisionOrderEvent], order: SupervisionOrder) -> None:
    """Publish an order event in the caller's transaction."""
    payload = SupervisionOrderEvent(
        order_id=order.id, number=order.number, level=order.level, facility_id=order.facility_id,
        area_code=order.area_code, hazard_ids=list(order.hazard_ids), supervisor_name=order.supervisor_name,
        deadline=order.deadline, state=order.state, issued_by=order.issued_by,
    )
    publish(session, event_type, subject=f"supervision_order:{order.id}", payload=payload, producer=PRODUCER,
            request_id=request_id_var.get())
