"""The supervision orders' ladder (rule supervision_order.deadline): the notice to everyone named at issue,
reminders before the deadline, escalation after it — each once, and none once the order is closed."""

from datetime import date, timedelta

from sqlmodel import Session, col, select

from eldersafe_common.events import EventRecord, EventType, ReceivedEvent, publish
from eldersafe_notification.consumers import hazards_consumer
from eldersafe_notification.escalation.tick import tick
from tests.conftest import COMMUNITY
from tests.services.notification.ladder import Payload, account, china, district_contacts, event, hazard, rows

RULE = "supervision_order.deadline"
DEADLINE = date(2026, 5, 20)  # a Wednesday
SUBJECT = f"supervision_order:o-1@{DEADLINE.isoformat()}"


def _order(session: Session, *, state: str = "open", deadline: date = DEADLINE,
           kind: str = "supervision_order.issued") -> None:
    event(session, kind, "supervision_order:o-1", order_id="o-1", number="DB-2026-0001", level="district",
          facility_id="fac-1", area_code=COMMUNITY, hazard_ids=["h-1", "h-2"], supervisor_name="督办人",
          deadline=deadline.isoformat(), state=state, issued_by="tf-leader")


def _setup(session: Session) -> None:
    district_contacts(session)
    account(session, "mgr-1", role="facility", position="manager", area=COMMUNITY, facility="fac-1")
    account(session, "mgr-2", role="facility", position="manager", area=COMMUNITY, facility="fac-2")
    event(session, "facility.registered", "facility:fac-1", facility_id="fac-1", name="甲院", area_code=COMMUNITY,
          status="operating")
    # Deadlines far off, so the hazards' own ladder stays quiet while the order's runs.
    hazard(session, "h-1", deadline=date(2026, 12, 31), departments=("fire",))
    hazard(session, "h-2", deadline=date(2026, 12, 31), departments=("health",), responsible_phone="13700000000")


def told(session: Session, stage: str) -> set[tuple[str, str]]:
    return {(row.recipient, row.channel) for row in rows(session, rule_key=RULE, stage=stage)}


def _order_stages(session: Session, first: date, last: date) -> dict[date, set[str]]:
    fired: dict[date, set[str]] = {}
    day = first
    while day <= last:
        for hour in (0, 9, 23):
            stages = {name[6:] for name in tick(session, now=china(day, hour) + timedelta(minutes=hour)).by_stage
                      if name.startswith("order:")}
            if stages:
                fired.setdefault(day, set()).update(stages)
        day += timedelta(days=1)
    return fired


def test_the_orders_ladder_from_issue_to_escalation(session: Session) -> None:
    _setup(session)
    _order(session)
    assert len(told(session, "issued")) == 14  # queued by the consumer with the copy, before any tick
    fired = _order_stages(session, date(2026, 5, 10), date(2026, 6, 10))
    # 3 working days after Wednesday 20 May: 21, 22 and 25 May.
    assert fired == {date(2026, 5, 17): {"remind_3d"},
                     date(2026, 5, 19): {"remind_1d"}, date(2026, 5, 20): {"due_day"},
                     date(2026, 5, 25): {"overdue_3wd"}}
    assert {row.subject for row in rows(session, rule_key=RULE)} == {SUBJECT}
    # Everyone named: both hazards' responsible people, the supervisor by name among contacts, the facility's
    # manager (not another's), both departments' heads, the community officer and the sub-district head.
    assert told(session, "issued") == {
        ("person:张三:13900000000", "sms"), ("person:张三:13700000000", "sms"),
        ("account:sup-1", "sms"), ("account:sup-1", "inbox"), ("account:mgr-1", "sms"), ("account:mgr-1", "inbox"),
        ("account:fire-head", "sms"), ("account:fire-head", "inbox"),
        ("account:health-head", "sms"), ("account:health-head", "inbox"),
        ("account:co-1", "sms"), ("account:co-1", "inbox"), ("account:sd-head", "sms"), ("account:sd-head", "inbox")}
    reminded = {recipient for recipient, _ in told(session, "remind_1d")}
    assert reminded == {"person:张三:13900000000", "person:张三:13700000000", "account:sup-1", "account:mgr-1"}
    assert {recipient for recipient, _ in told(session, "due_day")} == {
        "account:fire-head", "account:health-head", "account:sd-head"}
    assert told(session, "overdue_3wd") == {("account:tf-leader", "sms"), ("account:tf-leader", "email"),
                                            ("account:tf-leader", "inbox")}
    (notice,) = [r for r in rows(session, rule_key=RULE, stage="issued", channel="inbox")
                 if r.recipient == "account:co-1"]
    assert "DB-2026-0001" in notice.title and "甲院" in notice.body and "督办人" in notice.body
    assert notice.major and notice.link == "/supervision"
    (late,) = rows(session, rule_key=RULE, stage="overdue_3wd", channel="email")
    assert "已逾期5天" in late.body and late.address == "tf@x.cn"


def test_an_order_known_late_gets_its_notice_and_escalation_but_no_stale_reminders(session: Session) -> None:
    _setup(session)
    _order(session)
    result = tick(session, now=china(date(2026, 5, 26)))  # the worker was down since before the issue
    assert {name for name in result.by_stage if name.startswith("order:")} == {
        "order:remind_3d", "order:remind_1d", "order:due_day", "order:overdue_3wd"}
    assert {row.stage for row in rows(session, rule_key=RULE)} == {"issued", "due_day", "overdue_3wd"}
    again = tick(session, now=china(date(2026, 5, 27)))
    assert not any(name.startswith("order:") for name in again.by_stage)


def test_a_closed_order_stops_its_ladder(session: Session) -> None:
    _setup(session)
    _order(session)
    tick(session, now=china(date(2026, 5, 10)))
    _order(session, state="closed", kind="supervision_order.closed")
    assert _order_stages(session, date(2026, 5, 11), date(2026, 6, 10)) == {}
    assert {row.stage for row in rows(session, rule_key=RULE)} == {"issued"}


def test_a_supervisor_without_an_account_is_recorded_as_undeliverable(session: Session) -> None:
    _setup(session)
    event(session, "supervision_order.issued", "supervision_order:o-2", order_id="o-2", number="DB-2026-0002",
          level="city", facility_id="fac-1", area_code=COMMUNITY, hazard_ids=["h-1"], supervisor_name="市督导组",
          deadline=DEADLINE.isoformat(), state="open", issued_by="tf-leader")
    (row,) = [r for r in rows(session, rule_key=RULE, stage="issued") if r.recipient.startswith("person:市督导组")]
    assert (row.channel, row.status, row.address) == ("sms", "undeliverable", None)


def test_the_notice_commits_with_the_events_consumption_or_not_at_all(session: Session) -> None:
    _setup(session)
    publish(session, EventType("supervision_order.issued", 1, Payload), subject="supervision_order:o-1",
            producer="test", payload=Payload(
                order_id="o-1", number="DB-2026-0001", level="district", facility_id="fac-1", area_code=COMMUNITY,
                hazard_ids=["h-1"], supervisor_name="督办人", deadline=DEADLINE.isoformat(), state="open",
                issued_by="tf-leader"))
    (record,) = session.exec(select(EventRecord).where(col(EventRecord.type) == "supervision_order.issued"))
    consumer = hazards_consumer()
    attempt = session.begin_nested()
    consumer.handle(session, ReceivedEvent.from_record(record))
    assert told(session, "issued") and consumer.pending(session, 0) == []
    attempt.rollback()  # the handler's transaction fails: neither the copy's notice nor the consumption stays
    assert told(session, "issued") == set() and [e.id for e in consumer.pending(session, 0)] == [record.id]
    consumer.drain(session)
    assert ("account:co-1", "inbox") in told(session, "issued")
    assert tick(session, now=china(date(2026, 5, 10))).by_stage.get("order:issued") is None


def test_an_order_issued_close_to_its_deadline_gets_only_the_latest_reminder(session: Session) -> None:
    _setup(session)
    _order(session, deadline=date(2026, 5, 20))
    result = tick(session, now=china(date(2026, 5, 19)))  # one day before: both reminders have been reached
    assert {name for name in result.by_stage if name.startswith("order:")} == {"order:remind_3d", "order:remind_1d"}
    assert {row.stage for row in rows(session, rule_key=RULE)} == {"issued", "remind_1d"}
    assert {recipient for recipient, _ in told(session, "remind_1d")} == {
        "person:张三:13900000000", "person:张三:13700000000", "account:sup-1", "account:mgr-1"}
    assert not any(name.startswith("order:") for name in tick(session, now=china(date(2026, 5, 19), 10)).by_stage)
