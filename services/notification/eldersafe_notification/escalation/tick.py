"""The tick: every minute, on one replica, each ladder stage that a hazard or supervision order has reached
is enqueued once for each of its recipients and channels.

State-based, not time-based: a hazard's row records how far its ladder went (``fired_offset``), so a tick
missed while the worker was down is caught up by the next one, once; enqueue's unique key makes a replay or
a racing replica harmless. ``now`` is always passed in, so tests drive the ladder with their own clock.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import bindparam, update
from sqlmodel import Session, col

from ..delivery.enqueue import Message, Recipient, enqueue
from ..hazards.models import NotificationHazard
from ..rules import repository as rules_repository
from ..rules.calendar import WorkingCalendar
from . import events, lock, orders, selection
from .messages import hazard_message

log = logging.getLogger("eldersafe.notification.tick")
CHINA = timezone(timedelta(hours=8))
HAZARD_RULE = "hazard.deadline"
JOB = "escalation.tick"
# A bound on one tick's work per stage: a backlog (say, the first tick after a long outage) drains over a
# few minutes instead of holding the write lock for long.
MAX_PER_STAGE = 20_000


@dataclass
class TickResult:
    ran: bool = True
    selected: int = 0  # (hazard or order, stage) pairs due
    enqueued: int = 0  # notification rows created by this tick
    escalated: int = 0  # hazard.escalated events published
    by_stage: dict[str, int] = field(default_factory=dict)


def china_today(now: datetime) -> date:
    """The date in China at ``now`` ("today" for deadlines)."""
    return now.astimezone(CHINA).date()


def tick(session: Session, *, now: datetime, max_per_stage: int = MAX_PER_STAGE,
         holder: str = lock.HOLDER) -> TickResult:
    """Enqueue every ladder stage due at ``now``; returns what it did (``ran`` False: another replica has it)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC)
    if not lock.acquire(session, name=JOB, now=now, holder=holder):
        return TickResult(ran=False)
    today = china_today(now)
    calendar = WorkingCalendar.load(session, around=today)
    result = TickResult()
    hazard_rules = rules_repository.rules(session, HAZARD_RULE)
    marks = selection.known_marks(hazard_rules)
    for rule in hazard_rules:
        variant = selection.variant_filter(rule, hazard_rules)
        for stage in rule.stages:
            if stage.get("offset_days") is None:
                continue
            cutoff = calendar.cutoff(today, offset_days=stage["offset_days"], day_kind=stage["day_kind"])
            scope = selection.StageScope(variant=variant, mark=stage["offset_days"], cutoff=cutoff,
                                         limit=max_per_stage,
                                         marks_below=tuple(m for m in marks if m < stage["offset_days"]))
            _hazard_stage(session, scope=scope, stage=stage, today=today, now=now, result=result)
    orders.run(session, calendar=calendar, today=today, now=now, result=result, max_per_stage=max_per_stage)
    log.info("tick %s: %d due, %d enqueued, %d escalated", now.isoformat(), result.selected, result.enqueued,
             result.escalated)
    return result


def _hazard_stage(session: Session, *, scope: selection.StageScope, stage: dict[str, Any], today: date,
                  now: datetime, result: TickResult) -> None:
    connection = session.connection()
    details = {row.id: row for row in connection.execute(selection.hazard_details(scope))}
    if not details:
        return
    name = stage["stage"]
    result.selected += len(details)
    result.by_stage[name] = result.by_stage.get(name, 0) + len(details)
    not_before = today if stage["offset_days"] < 0 else None
    messages: dict[str, Message] = {}
    for kind in stage["recipients"]:
        statement = selection.recipients(scope, kind, not_before=not_before)
        if statement is None:
            continue
        for row in connection.execute(statement):
            hazard = details.get(row.id)
            if hazard is None:  # changed since the details were read: the next tick sees it again
                continue
            message = messages.get(row.id) or _message(hazard, stage=name, today=today)
            messages[row.id] = message
            recipient = Recipient(key=row.key[:200], name=row.name, phone=row.phone, email=row.email)
            for channel in _channels(stage["channels"], recipient):
                result.enqueued += enqueue(session, message=message, recipient=recipient, channel=channel, now=now)
    if stage.get("flag_supervision"):
        for hazard in details.values():
            events.escalated(session, events.HazardEscalatedPayload(
                hazard_id=hazard.id, facility_id=hazard.facility_id, area_code=hazard.area_code,
                severity=hazard.severity, deadline=hazard.deadline, stage=name,
                days_overdue=(today - hazard.deadline).days))
            result.escalated += 1
    # Only rows unchanged since they were read move on: a hazard whose deadline or state changed meanwhile
    # (its event_id moved) is looked at again by the next tick.
    connection.execute(
        update(NotificationHazard)
        .where(col(NotificationHazard.id) == bindparam("hid"),
               col(NotificationHazard.event_id) == bindparam("eid"),
               col(NotificationHazard.fired_offset) < scope.mark)
        .values(fired_offset=scope.mark),
        [{"hid": hazard.id, "eid": hazard.event_id} for hazard in details.values()])


def _channels(channels: list[str], recipient: Recipient) -> list[str]:
    # Someone without an account has no inbox and no email on record: SMS only (no phone → undeliverable).
    if recipient.key.startswith("account:"):
        return channels
    return [channel for channel in channels if channel == "sms"]


def _message(hazard: Any, *, stage: str, today: date) -> Message:
    major = hazard.severity == "major"
    title, body = hazard_message(stage=stage, facility=hazard.facility_name, item=hazard.item_text,
                                 deadline=hazard.deadline, today=today, major=major)
    return Message(rule_key=HAZARD_RULE, subject=f"hazard:{hazard.id}@{hazard.deadline.isoformat()}", stage=stage,
                   title=title, body=body, link=f"/hazards/{hazard.id}", major=major, area_code=hazard.area_code)
