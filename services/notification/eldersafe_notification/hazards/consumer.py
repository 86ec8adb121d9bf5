"""Rectification's hazard and supervision-order events (and inspection's hazard.found, for the item) become
this service's copies. Tolerant readers: only the fields named here are read."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete
from sqlmodel import Session, col

from eldersafe_common import clock
from eldersafe_common.events import Consumer, ReceivedEvent

from ..escalation import orders
from .models import (
    CLOSED,
    NOT_STARTED,
    OPEN_STATES,
    NotificationHazard,
    NotificationHazardDepartment,
    NotificationHazardItem,
    NotificationOrder,
    NotificationOrderHazard,
)


class HazardSnapshot(BaseModel):
    """rectification's hazard.* payload (v1), as far as alerts need it."""

    model_config = ConfigDict(extra="ignore")

    hazard_id: str
    hazard_key: str
    campaign_id: str
    facility_id: str
    area_code: str
    departments: list[str]
    severity: str
    state: str
    deadline: date
    responsible_name: str | None = None
    responsible_phone: str | None = None
    supervisor_subject: str | None = None
    supervisor_name: str | None = None
    # Optional in the producer's payload (added for issue 11): events written before it lack them.
    description: str | None = None
    item_text: str | None = None


class HazardFound(BaseModel):
    model_config = ConfigDict(extra="ignore")

    hazard_key: str
    item_code: str
    item_text: str
    description: str | None = None


def words(value: str | None, limit: int) -> str | None:
    """Text for a message, or None when blank (a blank finding must not hide the item's name)."""
    value = (value or "").strip()
    return value[:limit] or None


class OrderSnapshot(BaseModel):
    """rectification's supervision_order.issued / closed payload (v1)."""

    model_config = ConfigDict(extra="ignore")

    order_id: str
    number: str
    level: str
    facility_id: str
    area_code: str
    hazard_ids: list[str]
    supervisor_name: str
    deadline: date
    state: str
    issued_by: str


def _ladder_mark(*, state: str, previous: NotificationHazard | None, deadline: date, reopened: bool) -> int:
    # A new deadline (an extension) or a reopening starts the ladder again; a closed hazard leaves it.
    if state not in OPEN_STATES:
        return CLOSED
    if previous is None or reopened or previous.deadline != deadline or previous.fired_offset == CLOSED:
        return NOT_STARTED
    return previous.fired_offset


def on_hazard(session: Session, event: ReceivedEvent) -> None:
    """Insert or refresh the hazard copy and its departments, unless a later event already did."""
    data = event.parse(HazardSnapshot)
    row = session.get(NotificationHazard, data.hazard_id)
    if row is not None and row.event_id > event.id:
        return
    mark = _ladder_mark(state=data.state, previous=row, deadline=data.deadline,
                        reopened=event.type == "hazard.reopened")
    row = row or NotificationHazard(id=data.hazard_id, hazard_key=data.hazard_key, campaign_id=data.campaign_id,
                                    facility_id=data.facility_id, area_code=data.area_code,
                                    severity=data.severity, state=data.state, deadline=data.deadline,
                                    event_id=event.id, updated_at=clock.now())
    for name, value in data.model_dump(exclude={"hazard_id", "departments", "description", "item_text"}).items():
        setattr(row, name, value)
    # An event without the words (an older producer) keeps what an earlier one said.
    row.description = words(data.description, 4000) or row.description
    row.item_text = words(data.item_text, 1000) or row.item_text
    row.fired_offset, row.event_id, row.updated_at = mark, event.id, clock.now()
    session.add(row)
    session.execute(delete(NotificationHazardDepartment).where(
        col(NotificationHazardDepartment.hazard_id) == data.hazard_id))
    session.add_all([NotificationHazardDepartment(hazard_id=data.hazard_id, department=department)
                     for department in sorted(set(data.departments))])


def on_hazard_found(session: Session, event: ReceivedEvent) -> None:
    """Keep the finding and the failed item's name for the messages (the first word on a key stands)."""
    data = event.parse(HazardFound)
    if session.get(NotificationHazardItem, data.hazard_key) is None:
        session.add(NotificationHazardItem(hazard_key=data.hazard_key, item_code=data.item_code[:64],
                                           item_text=data.item_text[:1000],
                                           description=words(data.description, 4000)))


def on_order(session: Session, event: ReceivedEvent) -> None:
    """Insert or refresh the supervision order copy and its hazards."""
    data = event.parse(OrderSnapshot)
    row = session.get(NotificationOrder, data.order_id)
    if row is not None and row.event_id > event.id:
        return
    if data.state != "open":
        mark = CLOSED
    elif row is None or row.deadline != data.deadline:
        mark = NOT_STARTED
    else:
        mark = row.fired_offset
    row = row or NotificationOrder(id=data.order_id, number=data.number, level=data.level,
                                   facility_id=data.facility_id, area_code=data.area_code,
                                   supervisor_name=data.supervisor_name, deadline=data.deadline, state=data.state,
                                   issued_by=data.issued_by, event_id=event.id, updated_at=clock.now())
    for name, value in data.model_dump(exclude={"order_id"}).items():
        setattr(row, name, value)
    row.fired_offset, row.event_id, row.updated_at = mark, event.id, clock.now()
    session.add(row)
    session.execute(delete(NotificationOrderHazard).where(col(NotificationOrderHazard.order_id) == data.order_id))
    session.add_all([NotificationOrderHazard(order_id=data.order_id, hazard_id=hazard_id)
                     for hazard_id in sorted(set(data.hazard_ids))])
    if event.type == "supervision_order.issued":
        # The notice to everyone named goes on the queue with the copy, not with the next minute's tick.
        orders.issue(session, order=row, now=clock.now())


HAZARD_EVENTS = ("hazard.assigned", "hazard.deadline_changed", "hazard.submitted", "hazard.accepted",
                 "hazard.rejected", "hazard.signed_off", "hazard.reopened", "hazard.overdue")


def hazards_consumer() -> Consumer:
    return Consumer("notification.hazards", {
        **dict.fromkeys(HAZARD_EVENTS, on_hazard),
        "hazard.found": on_hazard_found,
        "supervision_order.issued": on_order,
        "supervision_order.closed": on_order,
    })
