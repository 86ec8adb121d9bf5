"""The tick writes each stage in SQL: its words are those of messages.hazard_message, its ids UUIDs, and a
stage's due set is found through the ladder index and enqueued in one statement."""

from __future__ import annotations

import time
import uuid
from datetime import date

from sqlalchemy import text
from sqlmodel import Session

from eldersafe_notification.contacts.models import NotificationFacility
from eldersafe_notification.delivery.enqueue import time_ordered_id
from eldersafe_notification.escalation.messages import hazard_message, order_message
from eldersafe_notification.escalation.tick import tick
from tests.services.notification.ladder import china, district_contacts, event, hazard, rows


def test_the_words_built_in_sql_are_those_of_hazard_message(session: Session) -> None:
    district_contacts(session)
    session.add(NotificationFacility(id="fac-1", name="松鹤颐养院", area_code="x", status="operating",
                                     updated_at=china(date(2026, 5, 1))))
    event(session, "hazard.found", "hazard:h-major", hazard_key="key-h-major", item_code="F-01",
          item_text="疏散通道保持畅通", description="二楼疏散通道堆放杂物")
    event(session, "hazard.found", "hazard:h-item", hazard_key="key-h-item", item_code="F-02",
          item_text="配备灭火器")
    hazard(session, "h-major", deadline=date(2026, 5, 20), severity="major")
    hazard(session, "h-plain", deadline=date(2026, 5, 20))
    hazard(session, "h-item", deadline=date(2026, 5, 20))
    words = {"h-major": ("二楼疏散通道堆放杂物", "疏散通道保持畅通"), "h-plain": (None, None),
             "h-item": (None, "配备灭火器")}
    checked = set()
    for day in (date(2026, 5, 17), date(2026, 5, 19), date(2026, 5, 20), date(2026, 5, 25), date(2026, 5, 29)):
        tick(session, now=china(day))
        for row in rows(session):
            if (row.subject, row.stage) in checked:
                continue
            checked.add((row.subject, row.stage))
            major = row.subject.startswith("hazard:h-major")
            finding, item = words[row.subject.split(":")[1].split("@")[0]]
            title, body = hazard_message(stage=row.stage, facility="松鹤颐养院", finding=finding, item=item,
                                         deadline=date(2026, 5, 20), today=day, major=major)
            assert (row.title, row.body, row.major) == (title, body, major)
            assert str(uuid.UUID(row.id)) == row.id
    assert {stage for _, stage in checked} == {"remind_3d", "remind_1d", "due_day", "overdue_3wd", "overdue_7wd"}
    assert len({(row.subject, row.stage) for row in rows(session)}) == 15


def test_a_due_day_notice_caught_up_after_its_day_is_tagged_late(session: Session) -> None:
    """The worker was down on the deadline (or the demo's clock jumped past it): the due day's people still hear,
    but the title does not say 今日到期 two days late; the reminders are skipped."""
    district_contacts(session)
    session.add(NotificationFacility(id="fac-1", name="松鹤颐养院", area_code="x", status="operating",
                                     updated_at=china(date(2026, 5, 1))))
    hazard(session, "h-late", deadline=date(2026, 5, 20))
    hazard(session, "h-today", deadline=date(2026, 5, 22))
    tick(session, now=china(date(2026, 5, 22)))
    titles = {(row.subject.split("@")[0], row.stage): row.title for row in rows(session)}
    assert {stage for subject, stage in titles if subject == "hazard:h-late"} == {"due_day"}
    assert titles[("hazard:h-late", "due_day")].startswith("【已逾期】松鹤颐养院")
    assert titles[("hazard:h-today", "due_day")].startswith("【今日到期】松鹤颐养院")
    for row in rows(session):
        deadline = date(2026, 5, 20) if row.subject.startswith("hazard:h-late") else date(2026, 5, 22)
        assert (row.title, row.body) == hazard_message(stage=row.stage, facility="松鹤颐养院", finding=None,
                                                       item=None, deadline=deadline, today=date(2026, 5, 22),
                                                       major=False)


def test_an_order_s_due_day_notice_caught_up_late_is_tagged_late() -> None:
    late = order_message(stage="due_day", number="DB-2026-0001", facility="松鹤颐养院", supervisor="王督办",
                         deadline=date(2026, 5, 20), today=date(2026, 5, 21))
    on_time = order_message(stage="due_day", number="DB-2026-0001", facility="松鹤颐养院", supervisor="王督办",
                            deadline=date(2026, 5, 20), today=date(2026, 5, 20))
    assert late[0] == "【已逾期】督办单DB-2026-0001：松鹤颐养院" and "已逾期1天" in late[1]
    assert on_time[0] == "【今日到期】督办单DB-2026-0001：松鹤颐养院" and "今天到期" in on_time[1]


def test_the_due_set_is_read_through_the_ladder_index(session: Session) -> None:
    district_contacts(session)
    hazard(session, "h-1", deadline=date(2026, 5, 20))
    tick(session, now=china(date(2026, 5, 20)))  # creates the temporary table of the due set
    connection = session.connection()
    due = ("SELECT id, event_id FROM notification_hazard WHERE fired_offset IN (-10000, -3, -1) "
           "AND deadline <= '2026-05-20' AND state IN ('open', 'in_progress', 'submitted') "
           "ORDER BY deadline, id LIMIT 20000")
    if connection.dialect.name == "sqlite":
        plan = " ".join(str(row[3]) for row in connection.execute(text(f"EXPLAIN QUERY PLAN {due}")))
        assert "USING INDEX ix_notification_hazard_ladder" in plan, plan
    else:
        connection.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: ask whether the index serves
        plan = " ".join(row[0] for row in connection.execute(text(f"EXPLAIN {due}")))
        assert "ix_notification_hazard_ladder" in plan, plan


def test_ids_are_uuid7_ascending_in_the_unique_keys_order(session: Session) -> None:
    district_contacts(session)
    for index in range(12):
        hazard(session, f"h-{index}", deadline=date(2026, 5, 20))
    tick(session, now=china(date(2026, 5, 20)))
    due_day = [row for row in rows(session) if row.stage == "due_day"]
    assert len(due_day) == 12 * 4  # fire head and community officer, SMS and inbox
    assert all(uuid.UUID(row.id).version == 7 and str(uuid.UUID(row.id)) == row.id for row in due_day)
    by_key = sorted(due_day, key=lambda row: (row.subject, row.recipient, row.channel))
    assert [row.id for row in by_key] == sorted(row.id for row in due_day)
    assert len({row.id[:13] for row in due_day}) == 1  # one statement: one millisecond prefix


def test_enqueue_ids_are_uuid7_with_the_time_in_front() -> None:
    before = time.time_ns() // 1_000_000
    ids = [time_ordered_id() for _ in range(100)]
    after = time.time_ns() // 1_000_000
    parsed = [uuid.UUID(value) for value in ids]
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 and str(u) == v for u, v in zip(parsed, ids, strict=True))
    assert all(before <= u.int >> 80 <= after for u in parsed) and len(set(ids)) == 100
