"""The tick's time budget: work goes in bounded batches, most urgent first, one stage in turn always moves,
what the budget leaves is finished by the next ticks, and a batch is applied whole or not at all."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session, col, select

from eldersafe_common.events import EventRecord
from eldersafe_notification.delivery.models import NotificationAttempt
from eldersafe_notification.escalation.repository import due as selection
from eldersafe_notification.escalation.tick import tick
from eldersafe_notification.hazards.models import NotificationHazard
from tests.services.notification.ladder import china, district_contacts, hazard, rows

TODAY = date(2026, 6, 2)  # a Tuesday, no holiday near


def _mixed_backlog(session: Session) -> None:
    # Hazards that have heard nothing yet, each due for one or several stages at TODAY: a missed week's
    # catch-up and the day's ordinary work together.
    district_contacts(session)
    for name, deadline, severity in [("h-a", date(2026, 5, 20), "ordinary"), ("h-b", date(2026, 5, 28), "ordinary"),
                                     ("h-c", TODAY, "ordinary"), ("h-d", date(2026, 6, 3), "ordinary"),
                                     ("h-e", date(2026, 6, 5), "ordinary"), ("h-f", date(2026, 6, 5), "major"),
                                     ("h-g", date(2026, 5, 21), "major")]:
        hazard(session, name, deadline=deadline, severity=severity)


def _outcome(session: Session) -> dict[str, Any]:
    """What the ladder left: every notification (less its id and time), attempts, events and ladder marks."""
    return {
        "rows": sorted((r.subject, r.stage, r.recipient, r.channel, r.status, r.address, r.title, r.body)
                       for r in rows(session)),
        "attempts": sorted(session.exec(select(NotificationAttempt.outcome, NotificationAttempt.detail)).all()),
        "events": sorted((e.subject, e.payload["stage"], e.payload["days_overdue"]) for e in session.exec(
            select(EventRecord).where(col(EventRecord.type) == "hazard.escalated"))),
        "marks": sorted(session.exec(select(NotificationHazard.id, NotificationHazard.fired_offset)).all()),
    }


def test_a_spent_budget_leaves_a_backlog_that_the_next_ticks_finish_as_one_unbounded_tick_would(
        session: Session) -> None:
    _mixed_backlog(session)
    nested = session.begin_nested()
    now, results = china(TODAY), []
    while not results or results[-1].backlog:
        assert len(results) < 60, "the backlog never drains"
        results.append(tick(session, now=now, budget=0, batch=2))  # one batch of two hazards a tick
        now += timedelta(minutes=1)
    bounded = _outcome(session)
    nested.rollback()
    first = results[0]
    assert first.backlog and first.batches == 1 and 0 < first.selected <= 2
    assert len(results) > 5 and all(r.batches == 1 for r in results[:-1])
    assert sum(r.enqueued for r in results) == len(bounded["rows"])

    unbounded = tick(session, now=china(TODAY))
    assert not unbounded.backlog and unbounded.batches > 1
    assert bounded == _outcome(session)
    assert {"remind_1d", "due_day", "overdue_3wd", "overdue_7wd"} <= {stage for _, stage, *_ in bounded["rows"]}
    assert tick(session, now=china(TODAY) + timedelta(hours=1)).selected == 0


def test_the_most_urgent_stage_goes_first_and_every_stage_gets_its_turn(session: Session) -> None:
    district_contacts(session)
    deadline = date(2026, 5, 28)  # Thursday: its third working day after is Tuesday 2 June
    for number in range(8):
        hazard(session, f"h-late-{number}", deadline=deadline)
    tick(session, now=china(deadline))  # yesterday's ladder: reminders and due_day done
    hazard(session, "h-soon", deadline=TODAY + timedelta(days=3))
    # 09:00 on the hour: the minute's turn falls on the first stage (overdue_7wd, nothing due) and moves one
    # stage a minute; with no budget a tick does one batch of one hazard.
    stages = [tick(session, now=china(TODAY) + timedelta(minutes=m), budget=0, batch=1).by_stage for m in range(5)]
    assert stages[:4] == [{"overdue_3wd": 1}] * 4  # the escalations first
    assert stages[4] == {"remind_3d": 1}  # its turn, though the escalations are not done
    assert {r.stage for r in rows(session) if r.subject.startswith("hazard:h-soon")} == {"remind_3d"}
    left = tick(session, now=china(TODAY) + timedelta(minutes=5))
    assert left.by_stage == {"overdue_3wd": 4} and not left.backlog


def test_a_standing_clock_lets_a_zero_budget_finish_in_one_tick(session: Session) -> None:
    _mixed_backlog(session)
    result = tick(session, now=china(TODAY), budget=0, batch=2, clock=lambda: 0.0)
    assert not result.backlog and result.batches > 5
    assert tick(session, now=china(TODAY) + timedelta(minutes=1)).selected == 0


def test_a_failing_batch_is_rolled_back_whole_and_the_other_stages_go_on(session: Session,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    district_contacts(session)
    hazard(session, "h-due", deadline=TODAY)
    hazard(session, "h-soon", deadline=TODAY + timedelta(days=3))
    tick(session, now=china(TODAY - timedelta(days=1)))  # h-due's reminders
    marks = dict(session.exec(select(NotificationHazard.id, NotificationHazard.fired_offset)).all())
    mark_due = selection.mark_due
    # The due_day batch fails at its last statement, after its rows were inserted.
    monkeypatch.setattr(selection, "mark_due", lambda mark: text("UPDATE no_such_table SET x = 1") if mark == 0
                        else mark_due(mark))
    failed = tick(session, now=china(TODAY))
    assert failed.failed == 1 and failed.backlog
    assert failed.by_stage == {"remind_3d": 1}  # the other stage went on
    assert not rows(session, stage="due_day")
    after = dict(session.exec(select(NotificationHazard.id, NotificationHazard.fired_offset)).all())
    assert after["h-due"] == marks["h-due"] and after["h-soon"] == -3
    monkeypatch.setattr(selection, "mark_due", mark_due)
    retried = tick(session, now=china(TODAY) + timedelta(minutes=1))
    assert retried.by_stage == {"due_day": 1} and not retried.backlog and not retried.failed
    assert {r.recipient for r in rows(session, stage="due_day")} == {"account:fire-head", "account:co-1"}
