"""Deadlines passing: the China date hazards are judged by, the worker's overdue notice, and the escalation flag
notification's ladder sets (``hazard.escalated``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from eldersafe_common import clock

from . import events, history, repository, states, tally
from .models import Hazard


def today_china(now: datetime | None = None) -> date:
    """Today's date in China (deadlines are Chinese calendar days)."""
    return clock.china_today(now)


def is_overdue(hazard: Hazard, today: date) -> bool:
    return states.is_overdue(hazard.deadline, hazard.state, today)


def check_overdue(session: Session, *, today: date | None = None, limit: int = 500) -> int:
    """Publish hazard.overdue once per entry per deadline; return how many were published."""
    day = today or today_china()
    due = repository.due_for_overdue_notice(session, today=day, limit=limit)
    for hazard in due:
        hazard.overdue_notified_deadline = hazard.deadline
        # Bumped like every write, so that a reopening read before this cannot pass its check and undo it.
        hazard.version += 1
        repository.save(session, hazard)
        events.emit(session, events.OVERDUE, hazard)
    return len(due)


def flag_escalated(session: Session, *, hazard_id: str, deadline: date, stage: str, days_overdue: int,
                   at: datetime) -> None:
    """Mark the entry as flagged for a supervision order, once per stage; stale flags are ignored."""
    hazard = repository.get_hazard(session, hazard_id)
    if hazard is None or not states.allows(states.ESCALATE, hazard.state) or hazard.deadline != deadline:
        return  # closed or given a new deadline since the ladder looked: the flag no longer applies
    if hazard.escalated_stage == stage:
        return
    was = tally.bucket(hazard)
    hazard.escalated_at, hazard.escalated_stage = at, stage
    history.record(session, hazard, before=was, principal=None, action="escalated", from_state=hazard.state,
                   detail={"stage": stage, "days_overdue": days_overdue}, actor_name="督办升级")
