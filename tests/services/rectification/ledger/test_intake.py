from datetime import date

from sqlmodel import Session, col, select

from eldersafe_rectification import deps
from eldersafe_rectification.consumers import consumers
from eldersafe_rectification.ledger import overdue as service
from eldersafe_rectification.ledger import tally
from eldersafe_rectification.ledger.consumer import ledger_consumer
from eldersafe_rectification.ledger.models import Hazard, HazardHistory
from tests.support.campaign_events import announce

from .support import events_of, found, new_hazard


def test_intake_fills_defaults_and_publishes_assigned(session: Session) -> None:
    hazard = new_hazard(session, severity="major")
    assert hazard.responsible_name == "李四" and hazard.responsible_phone == "13900000000"
    assert hazard.supervisor_subject == "test-fire-staff" and hazard.checker_name == "Test fire staff"
    assert (hazard.found_by, hazard.found_by_name) == ("test-fire-staff", "Test fire staff")
    assert hazard.deadline == date(2026, 3, 8)  # found 2026-03-01 10:00 China time + 7 days
    assert hazard.state == "open" and hazard.departments == ["fire"] and hazard.facility_name == "松鹤颐养院"
    assert events_of(session, hazard) == ["hazard.assigned"]
    ordinary = new_hazard(session, severity="ordinary", item_code="FIRE-02")
    assert ordinary.deadline == date(2026, 3, 31)


def test_the_campaigns_deadline_days_set_the_deadline(session: Session) -> None:
    """The days are set on the campaign (inspection) and reach the ledger in its events: 3 and 10, not 7 and 30."""
    announce(session, "c-days", start=date(2026, 2, 20), targets=["f-ledger"], deadline_days_major=3,
             deadline_days_ordinary=10)
    major = new_hazard(session, campaign_id="c-days", severity="major")
    ordinary = new_hazard(session, campaign_id="c-days", severity="ordinary", item_code="FIRE-02")
    assert (major.deadline, ordinary.deadline) == (date(2026, 3, 4), date(2026, 3, 11))


def test_a_campaign_change_applies_to_hazards_found_afterwards(session: Session) -> None:
    announce(session, "c-change", start=date(2026, 2, 20), targets=["f-ledger"], deadline_days_major=3)
    earlier = new_hazard(session, campaign_id="c-change", severity="major")
    announce(session, "c-change", start=date(2026, 2, 20), targets=["f-ledger"], deadline_days_major=5,
             updated=True)
    later = new_hazard(session, campaign_id="c-change", severity="major", item_code="FIRE-09")
    session.refresh(earlier)
    assert (earlier.deadline, later.deadline) == (date(2026, 3, 4), date(2026, 3, 6))


def test_an_older_announcement_delivered_late_changes_nothing(session: Session) -> None:
    from eldersafe_rectification.campaigns.service import get

    announce(session, "c-late", start=date(2026, 2, 20), targets=[], deadline_days_major=3)
    announce(session, "c-late", start=date(2026, 2, 20), targets=[], deadline_days_major=4, updated=True)
    campaigns = consumers()[1]
    assert campaigns.name == "rectification.campaigns"
    campaigns.drain(session)
    row = get(session, "c-late")
    assert row is not None and row.deadline_days_major == 4
    from eldersafe_rectification.campaigns.service import apply_snapshot

    apply_snapshot(session, event_id=1, values={**row.model_dump(), "deadline_days_major": 9})
    assert row.deadline_days_major == 4


def test_the_intake_waits_for_an_announced_campaign_it_has_not_taken_in(session: Session) -> None:
    """A hazard whose campaign was announced but not yet applied here is held back, not given 7/30 days."""
    announce(session, "c-wait", start=date(2026, 2, 20), targets=["f-ledger"], deadline_days_major=2)
    found(session, hazard_key="wait-1", campaign_id="c-wait", severity="major")
    ledger = ledger_consumer()
    try:
        ledger.drain(session)
    except Exception as exc:  # the worker logs it and retries the subject
        assert type(exc).__name__ == "CampaignNotYetKnown"
    else:
        raise AssertionError("the intake guessed the deadline")
    consumers()[1].drain(session)
    ledger.drain(session)
    hazard = session.exec(select(Hazard).where(col(Hazard.hazard_key) == "wait-1")).one()
    assert hazard.deadline == date(2026, 3, 3)


def test_same_event_twice_gives_one_entry_with_drain(session: Session) -> None:
    found(session, hazard_key="dup-1")
    found(session, hazard_key="dup-1")  # the same hazard published again
    consumer = ledger_consumer()
    assert consumer.drain(session) == 2
    assert consumer.drain(session) == 0
    rows = session.exec(select(Hazard).where(col(Hazard.hazard_key) == "dup-1")).all()
    assert len(rows) == 1
    assert events_of(session, rows[0]) == ["hazard.assigned"]


def test_same_event_twice_with_run_once(migrated: str) -> None:
    """Real commits, as the worker makes them; everything committed here is removed afterwards so the
    shared test database stays as the other tests expect it."""
    from sqlalchemy import delete, func

    from eldersafe_common.db import transaction
    from eldersafe_common.events import EventConsumption, EventCursor, EventRecord

    engine = deps.get_engine()
    key = "run-once-dup"
    consumer = ledger_consumer()
    with transaction(engine) as session:
        before = session.exec(select(func.coalesce(func.max(EventRecord.id), 0))).one()
    try:
        with transaction(engine) as session:
            found(session, hazard_key=key)
            found(session, hazard_key=key)
        consumer.run_once(engine)
        assert consumer.run_once(engine) == 0
        with transaction(engine) as session:
            rows = session.exec(select(Hazard).where(col(Hazard.hazard_key) == key)).all()
            assert len(rows) == 1
    finally:
        with transaction(engine) as session:
            for row in session.exec(select(Hazard).where(col(Hazard.hazard_key) == key)):
                tally.move(session, before=tally.bucket(row), after=None)  # the counters as they were
                session.execute(delete(HazardHistory).where(col(HazardHistory.hazard_id) == row.id))
                session.delete(row)
            session.execute(delete(EventConsumption).where(col(EventConsumption.event_id) > before))
            session.execute(delete(EventCursor).where(col(EventCursor.consumer) == consumer.name))
            session.execute(delete(EventRecord).where(col(EventRecord.id) > before))


def test_follow_up_on_a_signed_off_item_reopens_it(session: Session) -> None:
    hazard = new_hazard(session, item_code="REL-1")
    hazard.state = "signed_off"
    session.add(hazard)
    reopened = new_hazard(session, item_code="REL-1", mode="follow_up", hazard_key="relapse-key")
    assert reopened.id == hazard.id
    assert (reopened.state, reopened.relapse, reopened.reopened_count) == ("open", True, 1)
    assert events_of(session, hazard) == ["hazard.assigned", "hazard.reopened"]
    # the relapse delivered again changes nothing
    found(session, item_code="REL-1", mode="follow_up", hazard_key="relapse-key")
    ledger_consumer().drain(session)
    assert session.get(Hazard, hazard.id).reopened_count == 1  # type: ignore[union-attr]
    assert len(session.exec(select(Hazard).where(col(Hazard.item_code) == "REL-1")).all()) == 1


def test_follow_up_without_a_signed_off_match_is_a_new_entry(session: Session) -> None:
    first = new_hazard(session, item_code="REL-2")
    second = new_hazard(session, item_code="REL-2", mode="follow_up")
    assert first.id != second.id and not second.relapse


def test_self_check_hazards_are_marked(session: Session) -> None:
    assert new_hazard(session, self_check=True, mode="self_check").self_check


def test_overdue_check_publishes_once_per_deadline(session: Session) -> None:
    hazard = new_hazard(session, item_code="OD-1")
    later = date(2026, 6, 1)
    assert service.check_overdue(session, today=later) >= 1
    assert service.check_overdue(session, today=later) == 0
    assert events_of(session, hazard).count("hazard.overdue") == 1
    hazard.deadline = date(2026, 5, 1)  # a new deadline, overdue again: one more notice
    session.add(hazard)
    service.check_overdue(session, today=later)
    assert events_of(session, hazard).count("hazard.overdue") == 2


def test_hazard_events_carry_the_finding_and_the_item(session: Session) -> None:
    # Issue 11 (9): consumers name what was found, with the item (written as the compliant state) as context.
    from eldersafe_common.events import EventRecord

    words = ("三楼活动室采用易燃芯材彩钢板搭建", "未采用易燃可燃材料彩钢板")
    hazard = new_hazard(session, description=words[0], item_text=words[1])
    payload = session.exec(select(EventRecord).where(col(EventRecord.subject) == f"hazard:{hazard.id}")).one().payload
    assert (payload["description"], payload["item_text"]) == words
