"""Rectification's hazard and supervision-order events (and inspection's hazard.found, for the item) become
this service's copies. Tolerant readers: only the fields named here are read."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.events import Handler, ReceivedEvent

from ..contacts import repository as contacts
from ..delivery.enqueue import Message, Recipient, enqueue
from . import repository
from .models import CLOSED, NOT_STARTED, OPEN_STATES, NotificationHazard, NotificationHazardItem, NotificationOrder


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
    row = repository.hazard(session, data.hazard_id)
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
    repository.replace_departments(session, data.hazard_id, data.departments)


class HazardWithdrawn(BaseModel):
    """rectification's hazard.withdrawn v1, as far as the inspector's notice needs it."""

    model_config = ConfigDict(extra="ignore")

    hazard_id: str
    hazard_key: str
    area_code: str
    supervisor_subject: str | None = None
    reason: str | None = None


WITHDRAWN_RULE = "hazard.withdrawn"


def on_hazard_withdrawn(session: Session, event: ReceivedEvent) -> None:
    """Close the copy (its ladder stops) and tell the inspector who found it, in the inbox, that it was withdrawn."""
    on_hazard(session, event)
    data = event.parse(HazardWithdrawn)
    contact = contacts.contact(session, data.supervisor_subject) if data.supervisor_subject else None
    if contact is None or contact.disabled:
        return
    # The title names what was found; the check item (worded as the compliant state) is only the context.
    item = repository.item(session, data.hazard_key)
    copy = repository.hazard(session, data.hazard_id)
    checked = f"{item.item_code} {item.item_text}" if item else None
    found = (copy.description if copy else None) or (item.description if item else None) or checked or data.hazard_key
    context = f"（检查项：{checked}）" if checked and checked != found else ""
    message = Message(rule_key=WITHDRAWN_RULE, subject=f"hazard:{data.hazard_id}", stage="withdrawn",
                      title=f"隐患已撤销：{found}"[:200],
                      body=f"检查记录经更正，该隐患已从台账撤销{context}。更正理由：{data.reason or '未说明'}",
                      link=f"/hazards/{data.hazard_id}", area_code=data.area_code)
    enqueue(session, message=message, now=clock.now(), channel="inbox",
            recipient=Recipient(key=f"account:{contact.account_id}", name=contact.name, phone=contact.phone,
                                email=contact.email))


def on_hazard_found(session: Session, event: ReceivedEvent) -> None:
    """Keep the finding and the failed item's name for the messages (the first word on a key stands)."""
    data = event.parse(HazardFound)
    if repository.item(session, data.hazard_key) is None:
        session.add(NotificationHazardItem(hazard_key=data.hazard_key, item_code=data.item_code[:64],
                                           item_text=data.item_text[:1000],
                                           description=words(data.description, 4000)))


def copy_order(session: Session, event: ReceivedEvent) -> NotificationOrder | None:
    """Insert or refresh the supervision order copy and its hazards; the copy, or None when a later event
    already did."""
    data = event.parse(OrderSnapshot)
    row = repository.order(session, data.order_id)
    if row is not None and row.event_id > event.id:
        return None
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
    repository.replace_order_hazards(session, data.order_id, data.hazard_ids)
    return row


HAZARD_EVENTS = ("hazard.assigned", "hazard.deadline_changed", "hazard.submitted", "hazard.accepted",
                 "hazard.rejected", "hazard.signed_off", "hazard.reopened", "hazard.overdue")


ORDER_EVENTS = ("supervision_order.issued", "supervision_order.closed")


def handlers() -> dict[str, Handler]:
    """The copies' handlers of the ``notification.hazards`` consumer (``consumers.py`` adds the order notice)."""
    return {
        **dict.fromkeys(HAZARD_EVENTS, on_hazard),
        "hazard.withdrawn": on_hazard_withdrawn,
        "hazard.found": on_hazard_found,
    }
