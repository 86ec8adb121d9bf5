"""The tick: every minute, on one replica, each ladder stage that a hazard or supervision order has reached
is enqueued once for each of its recipients and channels.

State-based, not time-based: a hazard's row records how far its ladder went (``fired_offset``), so a tick
missed while the worker was down is caught up by the next one, once; enqueue's unique key makes a replay or
a racing replica harmless. ``now`` is always passed in, so tests drive the ladder with their own clock.

Bounded: the work goes in batches of at most ``BATCH`` hazards of one stage, each in its own savepoint (rows,
events and the ladder mark together), and no batch starts once the time budget would be overrun; what is left
(``TickResult.backlog``) is still due a minute later, so the next tick takes it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session

from eldersafe_common.clock import china_today

from ..rules import repository as rules_repository
from ..rules.calendar import WorkingCalendar
from ..settings import get_settings
from . import bulk, lock, orders, selection

log = logging.getLogger("eldersafe.notification.tick")
HAZARD_RULE = "hazard.deadline"
JOB = "escalation.tick"
# Hazards in one batch of one stage: ~3–4 rows each (recipients × channels of the default ladder), ~4,000 rows
# at 40–85 µs a row is 0.2–0.35 s on this machine's PostgreSQL, a fraction of the budget.
BATCH = 1_000
# Supervision orders are few and resolved per order in Python: at most this many per order stage a tick.
ORDER_BATCH = 100
# An INSERT's rowcount is kept only when asked for (SQLAlchemy 2).
COUNTED = {"preserve_rowcount": True}


@dataclass
class TickResult:
    ran: bool = True
    selected: int = 0  # (hazard or order, stage) pairs due
    enqueued: int = 0  # notification rows created by this tick
    escalated: int = 0  # hazard.escalated events published
    batches: int = 0  # batches that found work
    failed: int = 0  # batches rolled back (logged); their hazards stay due
    backlog: bool = False  # work may be left: the budget ran out, or a batch failed
    by_stage: dict[str, int] = field(default_factory=dict)


@dataclass
class _Stage:
    """One stage of one hazard ladder: the unit the budget is shared between."""

    name: str
    stage: dict[str, Any]
    scope: selection.StageScope
    superseded_from: date | None
    failed: bool = False


class _Budget:
    """Seconds left for the tick, on ``clock``; the first batch that finds work always runs (progress)."""

    def __init__(self, seconds: float, clock: Callable[[], float]) -> None:
        self.seconds, self.clock = seconds, clock
        self.started = clock()
        self.longest = 0.0  # the longest batch so far: the next one is assumed as long
        self.worked = False

    def allows(self) -> bool:
        """Whether another batch fits: one as long as the longest so far, ending within the budget."""
        return not self.worked or self.clock() - self.started + self.longest <= self.seconds

    def spent(self, started: float, found: int) -> None:
        """Record a batch that began at ``started`` and found ``found`` hazards."""
        self.longest = max(self.longest, self.clock() - started)
        self.worked = self.worked or found > 0


def tick(session: Session, *, now: datetime, budget: float | None = None, batch: int = BATCH,
         clock: Callable[[], float] = time.monotonic, holder: str = lock.HOLDER) -> TickResult:
    """Enqueue the ladder stages due at ``now`` within ``budget`` seconds (default: the setting); returns what it
    did (``ran`` False: another replica has it; ``backlog``: the next tick goes on)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC)
    if not lock.acquire(session, name=JOB, now=now, holder=holder):
        return TickResult(ran=False)
    spend = _Budget(get_settings().tick_budget_seconds if budget is None else budget, clock)
    today = china_today(now)
    calendar = WorkingCalendar.load(session, around=today)
    result = TickResult()
    _orders(session, calendar=calendar, today=today, now=now, result=result)
    stages = _stages(session, calendar=calendar, today=today, batch=batch)
    if stages:
        # One stage, turn by turn with the minute, gets the first batch whatever the others have waiting: with
        # the budget spent by the urgent ones, each stage still moves at least every len(stages) minutes.
        turn = stages[int(now.timestamp()) // 60 % len(stages)]
        started = spend.clock()
        spend.spent(started, _batch(session, turn, today=today, now=now, result=result))
        left = _drain(session, stages, spend=spend, batch=batch, today=today, now=now, result=result)
        result.backlog = result.backlog or left
    result.backlog = result.backlog or result.failed > 0
    log.info("tick %s: %d due, %d enqueued, %d escalated, %d batches%s", now.isoformat(), result.selected,
             result.enqueued, result.escalated, result.batches, ", backlog left" if result.backlog else "")
    return result


def _drain(session: Session, stages: list[_Stage], *, spend: _Budget, batch: int, today: date, now: datetime,
           result: TickResult) -> bool:
    """Batches in order of urgency, each stage while its batches come back full, in passes until one finds
    nothing (a stage can feed the next: a marked hazard may be due for the following stage); True when the
    budget stopped it first."""
    progressed = True
    while progressed:
        progressed = False
        for stage in stages:
            found = batch
            while found >= batch and not stage.failed:
                if not spend.allows():
                    return True
                started = spend.clock()
                found = _batch(session, stage, today=today, now=now, result=result)
                spend.spent(started, found)
                progressed = progressed or found > 0
    return False


def _orders(session: Session, *, calendar: WorkingCalendar, today: date, now: datetime,
            result: TickResult) -> None:
    # First: a supervision order is an escalation already made, and there are few (bounded per stage).
    before = dict(result.by_stage)
    try:
        with session.begin_nested():
            orders.run(session, calendar=calendar, today=today, now=now, result=result, max_per_stage=ORDER_BATCH)
    except Exception:
        log.exception("escalation tick: the supervision orders' batch failed and was rolled back")
        result.by_stage, result.failed = before, result.failed + 1
        return
    result.backlog = any(count - before.get(name, 0) >= ORDER_BATCH for name, count in result.by_stage.items()
                         if name.startswith("order:"))


def _stages(session: Session, *, calendar: WorkingCalendar, today: date, batch: int) -> list[_Stage]:
    """Every stage of every hazard ladder, most urgent first: the furthest past the deadline (the most senior
    people, the hazards already late) down to the earliest reminder."""
    rules = rules_repository.rules(session, HAZARD_RULE)
    marks = selection.known_marks(rules)
    found: list[tuple[int, int, _Stage]] = []
    for rule in rules:
        variant = selection.variant_filter(rule, rules)
        previous: int | None = None
        for index, stage in enumerate(rule.stages):
            offset = stage.get("offset_days")
            if offset is None:
                continue
            cutoff = calendar.cutoff(today, offset_days=offset, day_kind=stage["day_kind"])
            # A stage takes only hazards whose ladder has passed the one before it: never one that skipped an
            # earlier stage the budget had not reached yet, whatever the order the stages run in.
            below = tuple(m for m in marks if m < offset and (previous is None or m >= previous))
            scope = selection.StageScope(variant=variant, mark=offset, cutoff=cutoff, limit=batch, marks_below=below)
            found.append((-offset, len(found), _Stage(
                name=stage["stage"], stage=stage, scope=scope,
                superseded_from=selection.later_reminder_cutoff(rule.stages, index, calendar=calendar, today=today))))
            previous = offset
    return [stage for _, _, stage in sorted(found, key=lambda item: item[:2])]


def _batch(session: Session, stage: _Stage, *, today: date, now: datetime, result: TickResult) -> int:
    """One batch of ``stage`` in a savepoint; returns the hazards it found (0 when it failed: rolled back)."""
    try:
        with session.begin_nested():
            found, enqueued, escalated = _hazard_stage(session, scope=stage.scope, stage=stage.stage, today=today,
                                                       now=now, superseded_from=stage.superseded_from)
    except Exception:
        # A batch that cannot be written (a bad row) must not stop every other stage's notices: it is logged,
        # the stage rests until the next tick, and nothing of it remains.
        log.exception("escalation tick: a batch of %s failed and was rolled back", stage.name)
        stage.failed, result.failed = True, result.failed + 1
        return 0
    if found:
        result.batches += 1
        result.selected += found
        result.by_stage[stage.name] = result.by_stage.get(stage.name, 0) + found
        result.enqueued += enqueued
        result.escalated += escalated
    return found


def _hazard_stage(session: Session, *, scope: selection.StageScope, stage: dict[str, Any], today: date,
                  now: datetime, superseded_from: date | None = None) -> tuple[int, int, int]:
    """One batch of a stage: (hazards found, notifications enqueued, hazard.escalated published)."""
    # Four statements a batch, each over the due set only: find it (an index range on the ladder mark and
    # deadline), enqueue every recipient × channel in one INSERT … SELECT, record the undeliverable, move the
    # mark. The work is that of the hazards newly due, whatever the number of open ones.
    connection = session.connection()
    dialect = connection.dialect.name
    connection.exec_driver_sql(selection.DUE_DDL)
    if dialect == "postgresql":
        # The temporary table lives as long as the pooled connection: emptied by DELETE it keeps growing, and
        # PostgreSQL, sizing an unanalysed table by its pages, came to plan the INSERT as a scan of every
        # hazard (~1 s a batch instead of ~0.1 s, bench/escalation). TRUNCATE, then statistics of the batch.
        connection.exec_driver_sql("TRUNCATE tick_due")
    else:
        connection.execute(delete(selection.DUE))
    found = connection.execute(selection.fill_due(scope), execution_options=COUNTED).rowcount
    if not found:
        return 0, 0, 0
    if dialect == "postgresql":
        connection.exec_driver_sql("ANALYZE tick_due")
    name = stage["stage"]
    enqueued = escalated = 0
    statement = bulk.stage_insert(dialect, rule_key=HAZARD_RULE, stage=name, kinds=stage["recipients"],
                                  channels=stage["channels"], today=today, now=now,
                                  not_before=today if stage["offset_days"] < 0 else None,
                                  superseded_from=superseded_from)
    if statement is not None:
        enqueued = connection.execute(statement, execution_options=COUNTED).rowcount
        connection.execute(bulk.undeliverable_attempts(rule_key=HAZARD_RULE, stage=name, now=now))
    if stage.get("flag_supervision"):
        escalated = bulk.publish_escalated(session, connection.execute(selection.hazard_details()),
                                           stage=name, today=today)
    connection.execute(selection.mark_due(scope.mark))
    return found, enqueued, escalated
