"""Supervision orders' ladder (rule ``supervision_order.deadline``): the notice at issue to everyone named,
reminders before the deadline and escalation after. Orders are few, so recipients are resolved per order."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import false, func
from sqlmodel import Session, col, select

from eldersafe_common.clock import china_today

from ..contacts.models import NotificationContact, NotificationFacility
from ..delivery.enqueue import Message, Recipient, enqueue_many
from ..hazards.models import (
    NotificationHazard,
    NotificationHazardDepartment,
    NotificationOrder,
    NotificationOrderHazard,
)
from ..rules import repository as rules_repository
from ..rules.calendar import WorkingCalendar
from .messages import order_message
from .selection import POSTS, later_reminder_cutoff

if TYPE_CHECKING:
    from .tick import TickResult

ORDER_RULE = "supervision_order.deadline"
# `issued` fires as soon as an order is known (any deadline), before every real offset (-30 … 60).
ISSUED_MARK = -9_000
C = NotificationContact


def _holders(session: Session, *, role: str, position: str, area_code: str) -> list[NotificationContact]:
    # Contacts holding the post whose area covers the order's (a prefix test, as Principal.covers).
    return list(session.exec(select(C).where(
        col(C.role) == role, col(C.position) == position, col(C.disabled) == false(),
        func.substr(area_code, 1, func.length(col(C.area))) == col(C.area))))


def _account(contact: NotificationContact) -> Recipient:
    return Recipient(key=f"account:{contact.account_id}", name=contact.name, phone=contact.phone,
                     email=contact.email)


def recipients_of(session: Session, order: NotificationOrder, kinds: list[str]) -> list[Recipient]:
    """Everyone the stage names for ``order``, resolved from contacts and the order's hazards."""
    found: dict[str, Recipient] = {}
    hazards = list(session.exec(select(NotificationHazard).join(
        NotificationOrderHazard, col(NotificationOrderHazard.hazard_id) == col(NotificationHazard.id)).where(
        col(NotificationOrderHazard.order_id) == order.id)))
    for kind in kinds:
        people: list[Recipient] = []
        if kind == "responsible":
            people = [Recipient(key=f"person:{h.responsible_name}:{h.responsible_phone or ''}",
                                name=h.responsible_name, phone=h.responsible_phone)
                      for h in hazards if h.responsible_name]
        elif kind == "supervisor":
            named = [c for c in session.exec(select(C).where(col(C.name) == order.supervisor_name,
                                                              col(C.disabled) == false()))
                     if order.area_code.startswith(c.area)]
            people = [_account(c) for c in named] or [
                Recipient(key=f"person:{order.supervisor_name}:", name=order.supervisor_name)]
        elif kind == "department_head":
            departments = sorted(set(session.exec(select(NotificationHazardDepartment.department).where(
                col(NotificationHazardDepartment.hazard_id).in_([h.id for h in hazards])))))
            people = [_account(c) for department in departments
                      for c in _holders(session, role=department, position="head", area_code=order.area_code)]
        elif kind == "facility_manager":
            people = [_account(c) for c in session.exec(select(C).where(
                col(C.role) == "facility", col(C.facility) == order.facility_id, col(C.disabled) == false()))]
        elif kind in POSTS:
            role, position = POSTS[kind]
            people = [_account(c) for c in _holders(session, role=role, position=position,
                                                    area_code=order.area_code)]
        for person in people:
            found.setdefault(person.key[:200], person)
    return list(found.values())


def _stages(session: Session) -> list[dict[str, Any]]:
    rules = [rule for rule in rules_repository.rules(session, ORDER_RULE) if not rule.campaign_id and not rule.severity]
    return list(rules[0].stages) if rules else []


def _notify(session: Session, order: NotificationOrder, stage: dict[str, Any], *, today: date,
            now: datetime) -> int:
    # Every recipient of the stage on its channels; a person without an account gets SMS only.
    name = stage["stage"]
    facility = session.get(NotificationFacility, order.facility_id)
    title, body = order_message(stage=name, number=order.number, facility=facility.name if facility else None,
                                supervisor=order.supervisor_name, deadline=order.deadline, today=today)
    message = Message(rule_key=ORDER_RULE, subject=f"supervision_order:{order.id}@{order.deadline}", stage=name,
                      title=title, body=body, link="/supervision", major=True, area_code=order.area_code)
    # One executemany for the lot: a row at a time cost a round trip each, most of the consumer's time per
    # order on PostgreSQL (bench/events).
    return enqueue_many(session, [(message, recipient, channel)
                                  for recipient in recipients_of(session, order, list(stage["recipients"]))
                                  for channel in (stage["channels"] if recipient.key.startswith("account:")
                                                  else ["sms"])
                                  if channel in stage["channels"]], now=now)


def issue(session: Session, *, order: NotificationOrder, now: datetime) -> int:
    """The notice at issue to everyone named, enqueued by the consumer in the event's own transaction (not a
    minute later by the tick); returns how many notifications it created."""
    issued = [stage for stage in _stages(session) if stage.get("offset_days") is None]
    if order.state != "open" or order.fired_offset >= ISSUED_MARK or not issued:
        return 0
    session.flush()  # the order's hazards, just added, are read back for the recipients
    created = _notify(session, order, issued[0], today=china_today(now), now=now)
    order.fired_offset = ISSUED_MARK
    session.add(order)
    return created


def run(session: Session, *, calendar: WorkingCalendar, today: date, now: datetime, result: TickResult,
        max_per_stage: int) -> None:
    """Each stage of the orders' ladder, for the open orders it has reached (``issued`` only for an order the
    consumer did not notify, e.g. one copied before it did)."""
    stages = _stages(session)
    for index, stage in enumerate(stages):
        name, offset = stage["stage"], stage.get("offset_days")
        mark = ISSUED_MARK if offset is None else int(offset)
        cutoff = date.max if offset is None else calendar.cutoff(today, offset_days=offset,
                                                                  day_kind=stage["day_kind"])
        superseded = later_reminder_cutoff(stages, index, calendar=calendar, today=today)
        due = list(session.exec(select(NotificationOrder).where(
            col(NotificationOrder.fired_offset) < mark, col(NotificationOrder.deadline) <= cutoff,
            col(NotificationOrder.state) == "open").order_by(col(NotificationOrder.deadline)).limit(max_per_stage)))
        for order in due:
            result.selected += 1
            result.by_stage[f"order:{name}"] = result.by_stage.get(f"order:{name}", 0) + 1
            stale = offset is not None and offset < 0 and (
                order.deadline < today or (superseded is not None and order.deadline <= superseded))
            if not stale:
                result.enqueued += _notify(session, order, stage, today=today, now=now)
            order.fired_offset = mark
            session.add(order)
        session.flush()
