"""The ledger's intake from inspection's events: a found hazard enters (or reopens a signed-off entry as a relapse),
a withdrawn finding closes its entry."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from eldersafe_common import clock

from ..campaigns import service as campaigns
from . import events, history, listeners, repository, states, tally
from .models import Hazard
from .overdue import today_china


def intake(session: Session, *, found: Any, event_id: int | None = None) -> Hazard | None:
    """Enter a found hazard once per hazard_key; a follow-up on a signed-off item reopens it as a relapse.

    The deadline is the China date it was found plus the days its campaign gives that severity (set on the
    campaign alone: ``deadline_days_major`` / ``deadline_days_ordinary`` from inspection's campaign events).
    """
    if repository.hazard_by_key(session, found.hazard_key) is not None:
        return None
    deadline = today_china(found.found_at) + timedelta(days=campaigns.deadline_days(
        session, campaign_id=found.campaign_id, severity=found.severity, event_id=event_id))
    if found.mode == "follow_up":
        previous = repository.reopenable_match(session, facility_id=found.facility_id, item_code=found.item_code)
        if previous is not None:
            return _reopen(session, previous, found=found, deadline=deadline)
    facility = repository.facility(session, found.facility_id)
    now = clock.now()
    hazard = Hazard(
        id=str(uuid.uuid4()), hazard_key=found.hazard_key, inspection_id=found.inspection_id,
        campaign_id=found.campaign_id, facility_id=found.facility_id,
        facility_name=facility.name if facility else None, area_code=found.area_code,
        departments=[found.department], item_code=found.item_code, item_text=found.item_text, basis=found.basis,
        category=found.category, severity=found.severity, criterion_code=found.criterion_code,
        description=found.description, photo_ids=list(found.photo_ids), measures=found.measures,
        responsible_name=facility.manager if facility else None,
        responsible_phone=facility.manager_phone if facility else None,
        supervisor_subject=found.inspector.subject, supervisor_name=found.inspector.name,
        checker_name=found.inspector.name, deadline=deadline, state=states.INITIAL,
        self_check=found.self_check, found_at=found.found_at, found_by=found.inspector.subject,
        found_by_name=found.inspector.name, created_at=now, updated_at=now, version=0,
    )
    history.record(session, hazard, before=None, principal=None, actor_name=found.inspector.name, action="intake",
                   from_state=None, detail={"hazard_key": found.hazard_key, "inspection_id": found.inspection_id,
                                            "mode": found.mode})
    repository.set_departments(session, hazard)
    events.emit(session, events.ASSIGNED, hazard)
    return hazard


def _reopen(session: Session, hazard: Hazard, *, found: Any, deadline: date) -> Hazard:
    was = tally.bucket(hazard)
    before = hazard.state
    hazard.state = states.move(states.REOPEN, before)  # the match is a signed-off entry (reopenable_match)
    hazard.relapse = True
    hazard.reopened_count += 1
    hazard.last_relapse_key = found.hazard_key
    hazard.deadline = deadline
    hazard.escalated_at = hazard.escalated_stage = None  # a new ladder starts with the new deadline
    hazard.description = found.description
    hazard.photo_ids = list(found.photo_ids)
    hazard.accepted_departments = []
    hazard.submitted_by = hazard.accepted_by = hazard.signed_off_by = None
    hazard.rejection_reason = None
    hazard.overdue_notified_deadline = None
    history.record(session, hazard, before=was, principal=None, actor_name=found.inspector.name,
                   action="reopened",
                   from_state=before, detail={"hazard_key": found.hazard_key, "inspection_id": found.inspection_id})
    events.emit(session, events.REOPENED, hazard)
    return hazard


def withdraw(session: Session, *, withdrawn: Any) -> Hazard | None:
    """Close the hazard a finding opened as withdrawn: an amendment found the item passed after all.

    Whatever state it reached, the entry was never a hazard; its history keeps every step and the amendment's
    reason. A replay, or a key this ledger never took in (a self-check's, say), changes nothing.
    """
    hazard = repository.hazard_by_key(session, withdrawn.hazard_key)
    if hazard is None or not states.allows(states.WITHDRAW, hazard.state):
        return None
    was = tally.bucket(hazard)
    before = hazard.state
    hazard.state = states.move(states.WITHDRAW, before)
    hazard.escalated_at = hazard.escalated_stage = None  # nothing is overdue any more
    history.record(session, hazard, before=was, principal=None, actor_name=withdrawn.withdrawn_by.name,
                   action="withdrawn",
                   from_state=before, detail={"hazard_key": withdrawn.hazard_key,
                                              "inspection_id": withdrawn.inspection_id,
                                              "amendment_id": withdrawn.amendment_id, "reason": withdrawn.reason,
                                              "by": withdrawn.withdrawn_by.subject})
    events.emit(session, events.WITHDRAWN, hazard, reason=withdrawn.reason)
    listeners.finished(session, hazard)  # an order whose other hazards are signed off closes
    return hazard
