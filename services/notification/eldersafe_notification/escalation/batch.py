"""One batch of one hazard stage, written in four statements over its due set only: find it (an index range on
the ladder mark and deadline), enqueue every recipient × channel in one INSERT … SELECT, record the
undeliverable, move the mark. The work is that of the hazards newly due, whatever the number of open ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from .plan import HAZARD_RULE, HazardStage
from .repository import due, rows

# An INSERT's rowcount is kept only when asked for (SQLAlchemy 2).
COUNTED = {"preserve_rowcount": True}


@dataclass(frozen=True)
class BatchWritten:
    found: int = 0  # hazards due
    enqueued: int = 0  # notifications created
    escalated: int = 0  # hazard.escalated published


def write(session: Session, stage: HazardStage, *, limit: int, today: date, now: datetime) -> BatchWritten:
    """Up to ``limit`` hazards the stage has reached: their notifications, events and ladder mark."""
    connection = session.connection()
    due.empty(connection)
    found = connection.execute(due.fill(stage, limit=limit), execution_options=COUNTED).rowcount
    if not found:
        return BatchWritten()
    due.analyze(connection)
    plan = stage.stage
    enqueued = escalated = 0
    statement = rows.stage_insert(connection.dialect.name, rule_key=HAZARD_RULE, stage=plan.name,
                                  kinds=plan.recipients, channels=plan.channels, today=today, now=now,
                                  not_before=plan.not_before, superseded_from=plan.superseded_from)
    if statement is not None:
        enqueued = connection.execute(statement, execution_options=COUNTED).rowcount
        connection.execute(rows.undeliverable_attempts(rule_key=HAZARD_RULE, stage=plan.name, now=now))
    if plan.flag_supervision:
        escalated = rows.publish_escalated(session, connection.execute(due.hazard_details()), stage=plan.name,
                                           today=today)
    connection.execute(due.mark_due(plan.mark))
    return BatchWritten(found, enqueued, escalated)
