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

from sqlalchemy import delete
from sqlmodel import Session

from ..rules import repository as rules_repository
from ..rules.calendar import WorkingCalendar
from . import bulk, lock, orders, selection

log = logging.getLogger("eldersafe.notification.tick")
CHINA = timezone(timedelta(hours=8))
HAZARD_RULE = "hazard.deadline"
JOB = "escalation.tick"
# A bound on one tick's work per stage: a backlog (say, the first tick after a long outage) drains over a
# few minutes instead of holding the write lock for long.
MAX_PER_STAGE = 20_000
# An INSERT's rowcount is kept only when asked for (SQLAlchemy 2).
COUNTED = {"preserve_rowcount": True}


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
        for index, stage in enumerate(rule.stages):
            if stage.get("offset_days") is None:
                continue
            cutoff = calendar.cutoff(today, offset_days=stage["offset_days"], day_kind=stage["day_kind"])
            scope = selection.StageScope(variant=variant, mark=stage["offset_days"], cutoff=cutoff,
                                         limit=max_per_stage,
                                         marks_below=tuple(m for m in marks if m < stage["offset_days"]))
            _hazard_stage(session, scope=scope, stage=stage, today=today, now=now, result=result,
                          superseded_from=_next_reminder_cutoff(rule.stages, index, calendar=calendar, today=today))
    orders.run(session, calendar=calendar, today=today, now=now, result=result, max_per_stage=max_per_stage)
    log.info("tick %s: %d due, %d enqueued, %d escalated", now.isoformat(), result.selected, result.enqueued,
             result.escalated)
    return result


def _next_reminder_cutoff(stages: list[dict[str, Any]], index: int, *, calendar: WorkingCalendar,
                          today: date) -> date | None:
    """For a reminder, the cut-off of the next reminder of the ladder: hazards due for that one skip this one."""
    offset = stages[index]["offset_days"]
    if offset >= 0:
        return None
    later = [s for s in stages[index + 1:] if s.get("offset_days") is not None and offset < s["offset_days"] < 0]
    if not later:
        return None
    nearest = min(later, key=lambda s: s["offset_days"])
    return calendar.cutoff(today, offset_days=nearest["offset_days"], day_kind=nearest["day_kind"])


def _hazard_stage(session: Session, *, scope: selection.StageScope, stage: dict[str, Any], today: date,
                  now: datetime, result: TickResult, superseded_from: date | None = None) -> None:
    # Four statements a stage, each over the due set only: find it (an index range on the ladder mark and
    # deadline), enqueue every recipient × channel in one INSERT … SELECT, record the undeliverable, move the
    # mark. The work is that of the hazards newly due, whatever the number of open ones.
    connection = session.connection()
    dialect = connection.dialect.name
    connection.exec_driver_sql(selection.DUE_DDL)
    connection.execute(delete(selection.DUE))
    found = connection.execute(selection.fill_due(scope), execution_options=COUNTED).rowcount
    if not found:
        return
    name = stage["stage"]
    result.selected += found
    result.by_stage[name] = result.by_stage.get(name, 0) + found
    statement = bulk.stage_insert(dialect, rule_key=HAZARD_RULE, stage=name, kinds=stage["recipients"],
                                  channels=stage["channels"], today=today, now=now,
                                  not_before=today if stage["offset_days"] < 0 else None,
                                  superseded_from=superseded_from)
    if statement is not None:
        result.enqueued += connection.execute(statement, execution_options=COUNTED).rowcount
        connection.execute(bulk.undeliverable_attempts(rule_key=HAZARD_RULE, stage=name, now=now))
    if stage.get("flag_supervision"):
        result.escalated += bulk.publish_escalated(session, connection.execute(selection.hazard_details()),
                                                   stage=name, today=today)
    connection.execute(selection.mark_due(scope.mark))
