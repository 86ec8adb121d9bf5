"""Supervision orders' ladder (rule ``supervision_order.deadline``): writes the notice at issue to everyone named,
and each planned stage for the open orders it has reached. Orders are few, so recipients are resolved per
order; which stages and cut-offs apply comes from ``plan.py``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from eldersafe_common.clock import china_today

from ..contacts import repository as contacts
from ..contacts.models import NotificationContact
from ..delivery.enqueue import Message, Recipient, enqueue_many
from ..hazards.models import NotificationOrder
from .messages import order_message
from .plan import ISSUED_MARK, ORDER_RULE, StagePlan, issued_stage
from .repository import orders as repository
from .repository.recipients import POSTS


@dataclass
class Written:
    """What writing the orders' stages did."""

    selected: int = 0  # (order, stage) pairs due
    enqueued: int = 0  # notification rows created
    by_stage: dict[str, int] = field(default_factory=dict)  # "order:<stage>" → orders


def _account(contact: NotificationContact) -> Recipient:
    return Recipient(key=f"account:{contact.account_id}", name=contact.name, phone=contact.phone,
                     email=contact.email)


def recipients_of(session: Session, order: NotificationOrder, kinds: list[str]) -> list[Recipient]:
    """Everyone the stage names for ``order``, resolved from contacts and the order's hazards."""
    found: dict[str, Recipient] = {}
    hazards = repository.hazards_of(session, order.id)
    for kind in kinds:
        people: list[Recipient] = []
        if kind == "responsible":
            people = [Recipient(key=f"person:{h.responsible_name}:{h.responsible_phone or ''}",
                                name=h.responsible_name, phone=h.responsible_phone)
                      for h in hazards if h.responsible_name]
        elif kind == "supervisor":
            named = [c for c in contacts.enabled_named(session, order.supervisor_name)
                     if order.area_code.startswith(c.area)]
            people = [_account(c) for c in named] or [
                Recipient(key=f"person:{order.supervisor_name}:", name=order.supervisor_name)]
        elif kind == "department_head":
            people = [_account(c) for department in repository.departments_of(session, [h.id for h in hazards])
                      for c in contacts.holders(session, role=department, position="head", covering=order.area_code)]
        elif kind == "facility_manager":
            people = [_account(c) for c in contacts.facility_accounts(session, order.facility_id)]
        elif kind in POSTS:
            role, position = POSTS[kind]
            people = [_account(c) for c in contacts.holders(session, role=role, position=position,
                                                            covering=order.area_code)]
        for person in people:
            found.setdefault(person.key[:200], person)
    return list(found.values())


def _notify(session: Session, order: NotificationOrder, stage: StagePlan, *, now: datetime) -> int:
    # Every recipient of the stage on its channels; a person without an account gets SMS only.
    facility = contacts.facility(session, order.facility_id)
    title, body = order_message(stage=stage.name, number=order.number, facility=facility.name if facility else None,
                                supervisor=order.supervisor_name, deadline=order.deadline, today=china_today(now))
    message = Message(rule_key=ORDER_RULE, subject=f"supervision_order:{order.id}@{order.deadline}", stage=stage.name,
                      title=title, body=body, link="/supervision", major=True, area_code=order.area_code)
    # One executemany for the lot: a row at a time cost a round trip each, most of the consumer's time per
    # order on PostgreSQL (bench/events).
    return enqueue_many(session, [(message, recipient, channel)
                                  for recipient in recipients_of(session, order, list(stage.recipients))
                                  for channel in (stage.channels if recipient.key.startswith("account:")
                                                  else ["sms"])
                                  if channel in stage.channels], now=now)


def issue(session: Session, *, order: NotificationOrder, now: datetime) -> int:
    """The notice at issue to everyone named, enqueued by the consumer in the event's own transaction (not a
    minute later by the tick); returns how many notifications it created."""
    if order.state != "open" or order.fired_offset >= ISSUED_MARK:
        return 0
    stage = issued_stage(session, today=china_today(now))
    if stage is None:
        return 0
    session.flush()  # the order's hazards, just added, are read back for the recipients
    created = _notify(session, order, stage, now=now)
    order.fired_offset = ISSUED_MARK
    session.add(order)
    return created


def write(session: Session, stages: list[StagePlan], *, now: datetime, limit: int) -> Written:
    """Each planned stage of the orders' ladder, in order, for at most ``limit`` open orders it has reached
    (``issued`` only for an order the consumer did not notify, e.g. one copied before it did)."""
    written = Written()
    for stage in stages:
        key = f"order:{stage.name}"
        for order in repository.due(session, stage, limit=limit):
            written.selected += 1
            written.by_stage[key] = written.by_stage.get(key, 0) + 1
            if not stage.skips(order.deadline):
                written.enqueued += _notify(session, order, stage, now=now)
            order.fired_offset = stage.mark
            session.add(order)
        # Flushed stage by stage: an order marked here can be due for the next stage in the same tick.
        session.flush()
    return written
