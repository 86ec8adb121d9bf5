from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, func, select

from eldersafe_common.events import EventRecord
from eldersafe_notification import deps
from eldersafe_notification.delivery.models import Notification, NotificationAttempt
from eldersafe_notification.escalation.repository import lock
from eldersafe_notification.escalation.tick import tick
from tests.services.notification.ladder import china, district_contacts, hazard, rows, told

DEADLINE = date(2026, 9, 30)  # the Wednesday before the National Day holiday (1–7 October 2026)


def _run_days(session: Session, first: date, last: date) -> dict[date, set[str]]:
    fired: dict[date, set[str]] = {}
    day = first
    while day <= last:
        for hour in (0, 9, 23):
            result = tick(session, now=china(day, hour) + timedelta(minutes=hour))
            if result.by_stage:
                fired.setdefault(day, set()).update(result.by_stage)
        day += timedelta(days=1)
    return fired


def test_the_ladder_over_the_national_day_holiday(session: Session) -> None:
    district_contacts(session)
    hazard(session, "h-1", deadline=DEADLINE)
    fired = _run_days(session, date(2026, 9, 20), date(2026, 10, 25))
    # 3 working days after 30 September: 8, 9 and 10 October (a make-up Saturday); 7: 8,9,10,12,13,14,15.
    assert fired == {date(2026, 9, 27): {"remind_3d"}, date(2026, 9, 29): {"remind_1d"},
                     date(2026, 9, 30): {"due_day"}, date(2026, 10, 10): {"overdue_3wd"},
                     date(2026, 10, 15): {"overdue_7wd"}}
    subject = f"hazard:h-1@{DEADLINE.isoformat()}"
    assert {row.subject for row in rows(session)} == {subject}
    assert told(session, "remind_3d") == {("person:张三:13900000000", "sms"), ("account:sup-1", "sms"),
                                          ("account:sup-1", "inbox")}
    # department head (fire, not health) and the community officer of the hazard's community only
    assert told(session, "due_day") == {("account:fire-head", "sms"), ("account:fire-head", "inbox"),
                                        ("account:co-1", "sms"), ("account:co-1", "inbox")}
    assert {r for r, _ in told(session, "overdue_3wd")} == {"account:sd-head"}
    assert {r for r, _ in told(session, "overdue_7wd")} == {"account:tf-leader"}
    escalated = session.exec(select(EventRecord).where(col(EventRecord.type) == "hazard.escalated")).all()
    assert [(e.subject, e.payload["stage"], e.payload["days_overdue"]) for e in escalated] == [
        ("hazard:h-1", "overdue_7wd", 15)]
    (message,) = rows(session, stage="overdue_3wd", channel="sms")
    assert "2026年09月30日" in message.body and "已逾期10天" in message.body and message.link == "/hazards/h-1"


def test_a_recipient_without_phone_is_recorded_and_the_next_level_still_told(session: Session) -> None:
    district_contacts(session)
    hazard(session, "h-1", deadline=date(2026, 5, 11))
    tick(session, now=china(date(2026, 5, 11)))
    (fire_sms,) = [r for r in rows(session, stage="due_day", channel="sms") if r.recipient == "account:fire-head"]
    assert fire_sms.status == "undeliverable" and fire_sms.address is None
    attempts = session.exec(select(NotificationAttempt).where(col(NotificationAttempt.notification_id) == fire_sms.id))
    assert [a.outcome for a in attempts] == ["undeliverable"]
    assert {r.status for r in rows(session, stage="due_day") if r.recipient == "account:co-1"} == {"pending"}
    tick(session, now=china(date(2026, 5, 14)))  # Thursday: the third working day after Monday the 11th
    assert {r.recipient for r in rows(session, stage="overdue_3wd")} == {"account:sd-head"}


def test_each_stage_fires_once_and_only_when_due(session: Session) -> None:
    district_contacts(session)
    hazard(session, "h-1", deadline=date(2026, 5, 20))
    assert tick(session, now=china(date(2026, 5, 16))).selected == 0  # 4 days before
    first = tick(session, now=china(date(2026, 5, 17)))
    assert first.by_stage == {"remind_3d": 1} and first.enqueued == 3
    again = tick(session, now=china(date(2026, 5, 17)) + timedelta(minutes=1))
    assert again.selected == 0 and again.enqueued == 0
    assert len(rows(session)) == 3


def test_a_missed_week_is_caught_up_once_without_stale_reminders(session: Session) -> None:
    district_contacts(session)
    hazard(session, "h-1", deadline=date(2026, 5, 20))
    result = tick(session, now=china(date(2026, 6, 2)))  # nothing ran for weeks
    assert set(result.by_stage) == {"remind_3d", "remind_1d", "due_day", "overdue_3wd", "overdue_7wd"}
    assert rows(session, stage="remind_3d") == []  # the deadline had passed: reminding is pointless
    assert {r.recipient for r in rows(session, stage="overdue_7wd")} == {"account:tf-leader"}
    assert tick(session, now=china(date(2026, 6, 3))).selected == 0


def test_an_extension_starts_a_new_ladder(session: Session) -> None:
    district_contacts(session)
    hazard(session, "h-1", deadline=date(2026, 5, 20))
    tick(session, now=china(date(2026, 5, 20)))
    hazard(session, "h-1", deadline=date(2026, 6, 10), kind="hazard.deadline_changed")
    assert tick(session, now=china(date(2026, 5, 27))).selected == 0  # the old ladder stopped
    tick(session, now=china(date(2026, 6, 7)))
    subjects = {(r.subject, r.stage) for r in rows(session)}
    assert ("hazard:h-1@2026-06-10", "remind_3d") in subjects
    assert ("hazard:h-1@2026-05-20", "overdue_3wd") not in subjects


def test_closed_hazards_stop_the_ladder(session: Session) -> None:
    district_contacts(session)
    hazard(session, "h-1", deadline=date(2026, 5, 20))
    tick(session, now=china(date(2026, 5, 20)))
    hazard(session, "h-1", deadline=date(2026, 5, 20), state="accepted", kind="hazard.accepted")
    assert tick(session, now=china(date(2026, 6, 30))).selected == 0
    assert {r.stage for r in rows(session)} == {"remind_1d", "due_day"}  # remind_3d superseded by remind_1d


def test_two_ticks_at_once_write_one_set_of_rows(session: Session) -> None:
    district_contacts(session)
    hazard(session, "h-1", deadline=date(2026, 5, 20))
    now = china(date(2026, 5, 20))
    first = tick(session, now=now, holder="replica-a")
    second = tick(session, now=now, holder="replica-b")  # same minute: the lease (or the ladder mark) stops it
    assert first.enqueued > 0 and second.enqueued == 0
    if session.get_bind().dialect.name == "sqlite":
        assert second.ran is False
    assert session.exec(select(func.count()).select_from(Notification)).one() == first.enqueued


@pytest.mark.postgres_only
def test_the_advisory_lock_admits_one_transaction(migrated: str) -> None:
    engine = deps.get_engine()
    with engine.connect() as first, engine.connect() as second:
        with first.begin(), second.begin():
            assert lock.acquire(Session(bind=first), name="t", now=china(date(2026, 5, 20)))
            assert not lock.acquire(Session(bind=second), name="t", now=china(date(2026, 5, 20)))
        with second.begin():  # released when the first transaction ended
            assert lock.acquire(Session(bind=second), name="t", now=china(date(2026, 5, 20)))


def test_the_lease_passes_to_another_replica_when_it_expires(session: Session) -> None:
    now = china(date(2026, 5, 20))
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL uses the advisory lock")
    assert lock.acquire(session, name="t", now=now, holder="a")
    assert not lock.acquire(session, name="t", now=now + timedelta(seconds=30), holder="b")
    assert lock.acquire(session, name="t", now=now + timedelta(seconds=50), holder="a")  # mine: renewed
    assert lock.acquire(session, name="t", now=now + timedelta(seconds=106), holder="b")


def test_only_the_latest_due_reminder_is_sent(session: Session) -> None:
    district_contacts(session)
    hazard(session, "h-late", deadline=date(2026, 5, 21))  # entered a day before its deadline
    hazard(session, "h-early", deadline=date(2026, 5, 25))
    tick(session, now=china(date(2026, 5, 20)))
    stages = {(r.subject.split("@")[0], r.stage) for r in rows(session)}
    assert ("hazard:h-late", "remind_1d") in stages and ("hazard:h-late", "remind_3d") not in stages
    assert not any(subject == "hazard:h-early" for subject, _ in stages)  # 5 days left: nothing yet
    tick(session, now=china(date(2026, 5, 22)))
    stages = {(r.subject.split("@")[0], r.stage) for r in rows(session)}
    assert ("hazard:h-early", "remind_3d") in stages and ("hazard:h-early", "remind_1d") not in stages
