"""Today's plan of the ladders: for every stage of the supervision orders' ladder and of every hazard ladder,
which ladder mark it sets, up to which deadline it has been reached (its cut-off), and which deadlines it skips.
Built once per tick, from the rules and the working-day calendar; the tick schedules it, ``orders.py`` and
``batch.py`` write it. Nothing here reads a hazard or an order.

A stage is due for a hazard (or an order) whose ladder has not passed it yet (``fired_offset`` below the
stage's mark) and whose deadline is on or before the stage's cut-off. A reminder (negative offset) skips a
deadline already passed, and one for which a later reminder is due in the same tick: only the latest applies
("3 days left" a day before is wrong); the mark still passes both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from ..rules import repository as rules_repository
from ..rules.calendar import WorkingCalendar
from ..rules.ladders import known_marks
from ..rules.models import NotificationRule

HAZARD_RULE = "hazard.deadline"
ORDER_RULE = "supervision_order.deadline"
# `issued` fires as soon as an order is known (any deadline), before every real offset (-30 … 60).
ISSUED_MARK = -9_000


@dataclass(frozen=True)
class StagePlan:
    """One stage of one ladder as it stands today."""

    name: str
    offset: int | None  # None: `issued`, which fires at issue
    mark: int  # the ladder mark (fired_offset) once handled
    cutoff: date  # the latest deadline the stage has reached today
    recipients: tuple[str, ...]
    channels: tuple[str, ...]
    flag_supervision: bool
    # Reminders only: a deadline before ``not_before`` has passed; one at or before ``superseded_from`` is due
    # for a later reminder in the same tick.
    not_before: date | None
    superseded_from: date | None

    def skips(self, deadline: date) -> bool:
        """Whether the stage passes over ``deadline`` without a message (its mark still moves)."""
        if self.not_before is None:
            return False
        return deadline < self.not_before or (self.superseded_from is not None and deadline <= self.superseded_from)


@dataclass(frozen=True)
class HazardStage:
    """A stage of one hazard ladder variant: the unit the tick's budget is shared between."""

    stage: StagePlan
    rule: NotificationRule  # the variant whose hazards it takes ...
    stronger: tuple[NotificationRule, ...]  # ... less those a more specific variant covers
    # The marks from which this stage is the next one (not started, and the ladders' offsets from the
    # ladder's previous stage up to this one): never a hazard that skipped an earlier stage not reached yet.
    marks_below: tuple[int, ...]


@dataclass(frozen=True)
class Plan:
    today: date
    orders: list[StagePlan]  # the orders' ladder, in its order
    hazards: list[HazardStage]  # every hazard stage, most urgent first


def specificity(rule: NotificationRule) -> int:
    """Most specific wins: campaign and severity, campaign, severity, the default."""
    return 2 * bool(rule.campaign_id) + bool(rule.severity)


def _stage(stages: Sequence[dict[str, Any]], index: int, *, calendar: WorkingCalendar, today: date) -> StagePlan:
    stage = stages[index]
    offset = stage.get("offset_days")
    cutoff = date.max if offset is None else calendar.cutoff(today, offset_days=offset, day_kind=stage["day_kind"])
    reminder = offset is not None and offset < 0
    return StagePlan(name=stage["stage"], offset=offset, mark=ISSUED_MARK if offset is None else int(offset),
                     cutoff=cutoff, recipients=tuple(stage["recipients"]), channels=tuple(stage["channels"]),
                     flag_supervision=bool(stage.get("flag_supervision")), not_before=today if reminder else None,
                     superseded_from=_later_reminder_cutoff(stages, index, calendar=calendar, today=today)
                     if reminder else None)


def _later_reminder_cutoff(stages: Sequence[dict[str, Any]], index: int, *, calendar: WorkingCalendar,
                           today: date) -> date | None:
    # Offsets are strictly increasing (the rules API refuses others), so the next reminder is the first later
    # stage with a negative offset.
    for later in stages[index + 1:]:
        if later.get("offset_days") is not None and later["offset_days"] < 0:
            return calendar.cutoff(today, offset_days=later["offset_days"], day_kind=later["day_kind"])
    return None


def order_ladder(session: Session) -> list[dict[str, Any]]:
    """The stages of the orders' ladder (its default variant: orders have no severity or campaign)."""
    rules = [rule for rule in rules_repository.rules(session, ORDER_RULE) if not rule.campaign_id and not rule.severity]
    return list(rules[0].stages) if rules else []


def issued_stage(session: Session, *, today: date) -> StagePlan | None:
    """The orders' ``issued`` stage, if the ladder has one (it needs no calendar: it has no cut-off)."""
    stages = order_ladder(session)
    issued = [index for index, stage in enumerate(stages) if stage.get("offset_days") is None]
    return _stage(stages, issued[0], calendar=WorkingCalendar.of(), today=today) if issued else None


def _hazard_stages(rules: list[NotificationRule], *, calendar: WorkingCalendar, today: date) -> list[HazardStage]:
    marks = known_marks(rules)
    found: list[tuple[int, int, HazardStage]] = []
    for rule in rules:
        stronger = tuple(other for other in rules if specificity(other) > specificity(rule))
        previous: int | None = None
        for index, stage in enumerate(rule.stages):
            offset = stage.get("offset_days")
            if offset is None:
                continue
            below = tuple(m for m in marks if m < offset and (previous is None or m >= previous))
            found.append((-offset, len(found), HazardStage(
                stage=_stage(rule.stages, index, calendar=calendar, today=today), rule=rule, stronger=stronger,
                marks_below=below)))
            previous = offset
    # The furthest past the deadline first (the most senior people, the hazards already late), down to the
    # earliest reminder; every variant's stages merged by offset.
    return [stage for _, _, stage in sorted(found, key=lambda item: item[:2])]


def build(session: Session, *, today: date) -> Plan:
    """Every ladder's stages as they stand on ``today`` (China date)."""
    calendar = WorkingCalendar.load(session, around=today)
    stages = order_ladder(session)
    orders = [_stage(stages, index, calendar=calendar, today=today) for index in range(len(stages))]
    return Plan(today=today, orders=orders,
                hazards=_hazard_stages(rules_repository.rules(session, HAZARD_RULE), calendar=calendar, today=today))
