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

from sqlmodel import Session

from eldersafe_common.clock import china_today

from ..settings import get_settings
from . import batch as batches
from . import orders, plan
from .plan import HazardStage
from .repository import lock

log = logging.getLogger("eldersafe.notification.tick")
JOB = "escalation.tick"
# Hazards in one batch of one stage: ~3–4 rows each (recipients × channels of the default ladder), ~4,000 rows
# at 40–85 µs a row is 0.2–0.35 s on this machine's PostgreSQL, a fraction of the budget.
BATCH = 1_000
# Supervision orders are few and resolved per order in Python: at most this many per order stage a tick.
ORDER_BATCH = 100


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
class _Turn:
    """One hazard stage as the tick schedules it: failed, it rests until the next tick."""

    stage: HazardStage
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
    ladders = plan.build(session, today=today)
    result = TickResult()
    # First: a supervision order is an escalation already made, and there are few (bounded per stage).
    _orders(session, ladders.orders, now=now, result=result)
    turns = [_Turn(stage) for stage in ladders.hazards]
    if turns:
        # One stage, turn by turn with the minute, gets the first batch whatever the others have waiting: with
        # the budget spent by the urgent ones, each stage still moves at least every len(turns) minutes.
        turn = turns[int(now.timestamp()) // 60 % len(turns)]
        started = spend.clock()
        spend.spent(started, _batch(session, turn, limit=batch, today=today, now=now, result=result))
        left = _drain(session, turns, spend=spend, batch=batch, today=today, now=now, result=result)
        result.backlog = result.backlog or left
    result.backlog = result.backlog or result.failed > 0
    log.info("tick %s: %d due, %d enqueued, %d escalated, %d batches%s", now.isoformat(), result.selected,
             result.enqueued, result.escalated, result.batches, ", backlog left" if result.backlog else "")
    return result


def _drain(session: Session, turns: list[_Turn], *, spend: _Budget, batch: int, today: date, now: datetime,
           result: TickResult) -> bool:
    """Batches in order of urgency, each stage while its batches come back full, in passes until one finds
    nothing (a stage can feed the next: a marked hazard may be due for the following stage); True when the
    budget stopped it first."""
    progressed = True
    while progressed:
        progressed = False
        for turn in turns:
            found = batch
            while found >= batch and not turn.failed:
                if not spend.allows():
                    return True
                started = spend.clock()
                found = _batch(session, turn, limit=batch, today=today, now=now, result=result)
                spend.spent(started, found)
                progressed = progressed or found > 0
    return False


def _orders(session: Session, stages: list[plan.StagePlan], *, now: datetime, result: TickResult) -> None:
    """The orders' stages in one savepoint: written whole, or rolled back and logged."""
    try:
        with session.begin_nested():
            written = orders.write(session, stages, now=now, limit=ORDER_BATCH)
    except Exception:
        log.exception("escalation tick: the supervision orders' batch failed and was rolled back")
        result.failed += 1
        return
    result.selected += written.selected
    result.enqueued += written.enqueued
    result.by_stage.update(written.by_stage)
    result.backlog = any(count >= ORDER_BATCH for count in written.by_stage.values())


def _batch(session: Session, turn: _Turn, *, limit: int, today: date, now: datetime, result: TickResult) -> int:
    """One batch of the turn's stage in a savepoint; returns the hazards it found (0 when it failed: rolled
    back)."""
    name = turn.stage.stage.name
    try:
        with session.begin_nested():
            written = batches.write(session, turn.stage, limit=limit, today=today, now=now)
    except Exception:
        # A batch that cannot be written (a bad row) must not stop every other stage's notices: it is logged,
        # the stage rests until the next tick, and nothing of it remains.
        log.exception("escalation tick: a batch of %s failed and was rolled back", name)
        turn.failed, result.failed = True, result.failed + 1
        return 0
    if written.found:
        result.batches += 1
        result.selected += written.found
        result.by_stage[name] = result.by_stage.get(name, 0) + written.found
        result.enqueued += written.enqueued
        result.escalated += written.escalated
    return written.found
