"""Issue 11 (9): a reminder names what was found, with the check item as context. A check item is written as
the compliant state, so a title naming it told a manager the opposite of what is wrong."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from eldersafe_notification.contacts.models import NotificationFacility
from eldersafe_notification.escalation.tick import tick
from tests.services.notification.ladder import china, district_contacts, event, hazard, rows

FINDING = "三楼活动室采用易燃芯材彩钢板搭建"
ITEM = "未采用易燃可燃材料彩钢板搭建建筑"


def _facility(session: Session) -> None:
    session.add(NotificationFacility(id="fac-1", name="松鹤颐养院", area_code="x", status="operating",
                                     updated_at=china(date(2026, 5, 1))))


def test_a_reminder_names_the_finding_from_hazard_found_with_the_item_as_context(session: Session) -> None:
    district_contacts(session)
    _facility(session)
    event(session, "hazard.found", "facility:fac-1", hazard_key="key-h-1", item_code="FIRE-07", item_text=ITEM,
          description=FINDING)
    hazard(session, "h-1", deadline=date(2026, 5, 20))
    tick(session, now=china(date(2026, 5, 17)))
    [sms, *_] = rows(session, stage="remind_3d", channel="sms")
    assert sms.title == f"【到期提醒】松鹤颐养院：{FINDING}"
    assert sms.body.startswith(f"松鹤颐养院的隐患「{FINDING}」（检查项：{ITEM}）整改期限为2026年05月20日")
    assert ITEM not in sms.title and "【【" not in sms.title


def test_the_ledgers_own_words_serve_when_no_hazard_found_was_kept(session: Session) -> None:
    # rectification's hazard.* payload carries the finding and the item (optional fields, issue 11).
    district_contacts(session)
    _facility(session)
    hazard(session, "h-2", deadline=date(2026, 5, 20), description=FINDING, item_text=ITEM)
    tick(session, now=china(date(2026, 5, 20)))
    titles = {row.title for row in rows(session, stage="due_day")}
    assert titles == {f"【今日到期】松鹤颐养院：{FINDING}"}


def test_a_later_event_without_the_words_keeps_them(session: Session) -> None:
    district_contacts(session)
    _facility(session)
    hazard(session, "h-3", deadline=date(2026, 5, 20), description=FINDING, item_text=ITEM)
    hazard(session, "h-3", deadline=date(2026, 5, 20), kind="hazard.submitted", state="submitted")
    tick(session, now=china(date(2026, 5, 20)))
    assert {row.title for row in rows(session, stage="due_day")} == {f"【今日到期】松鹤颐养院：{FINDING}"}
