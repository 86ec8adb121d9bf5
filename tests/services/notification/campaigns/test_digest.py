from datetime import date, timedelta

from sqlmodel import Session, col, select

from eldersafe_notification.campaigns.digest import check
from eldersafe_notification.campaigns.models import NotificationDigestRun
from eldersafe_notification.rules.models import NotificationSettingsRow
from tests.services.notification.ladder import china, rows

from .support import facilities, hazard, heads, item, received

MAKE_UP_SATURDAY = date(2026, 10, 10)  # chinesecalendar: the Saturday after National Day is worked


def _open_hazards(session: Session) -> None:
    facilities(session)
    heads(session)
    item(session, "h-due", "疏散通道堵塞")
    hazard(session, "h-due", deadline=date(2026, 10, 12))  # within 3 days of the 9th
    hazard(session, "h-late", deadline=date(2026, 10, 2), facility_id="fac-2", severity="major")
    hazard(session, "h-far", deadline=date(2026, 11, 30), facility_id="fac-3")
    hazard(session, "h-done", deadline=date(2026, 10, 2), state="accepted")
    hazard(session, "h-health", deadline=date(2026, 10, 2), departments=("health",))
    # all taken in long before: not new
    for hazard_id in ("h-due", "h-late", "h-far", "h-done", "h-health"):
        received(session, hazard_id, china(date(2026, 9, 1)))


def _digests(session: Session, first: date, last: date) -> dict[date, int]:
    """Run the check every 3 hours from ``first`` to ``last``: on which days how many digests were recorded."""
    sent: dict[date, int] = {}
    day = first
    while day <= last:
        for hour in range(0, 24, 3):
            result = check(session, now=china(day, hour))
            if result.heads:
                sent[day] = sent.get(day, 0) + result.heads
        day += timedelta(days=1)
    return sent


def test_the_digest_runs_on_working_days_only_once_a_day(session: Session) -> None:
    _open_hazards(session)
    recorded = _digests(session, date(2026, 9, 30), date(2026, 10, 12))
    # 1–7 October is the National Day holiday, 11 October a Sunday; 10 October a make-up working Saturday.
    # Three department heads each working day (fire here and elsewhere, health), once.
    assert recorded == dict.fromkeys([date(2026, 9, 30), date(2026, 10, 8), date(2026, 10, 9), MAKE_UP_SATURDAY,
                                      date(2026, 10, 12)], 3)
    assert {r.subject for r in rows(session, rule_key="digest.daily")} == {
        f"digest:{day.isoformat()}" for day in recorded}


def test_before_the_digest_time_nothing_and_from_it_once(session: Session) -> None:
    _open_hazards(session)
    day = date(2026, 10, 9)
    assert check(session, now=china(day, 7) + timedelta(minutes=59)).ran is False
    first = check(session, now=china(day, 8))
    assert first.ran and first.heads == 3 and first.sent == 2  # the fire head elsewhere has nothing to say
    assert check(session, now=china(day, 8) + timedelta(minutes=5)).heads == 0
    assert {(r.recipient, r.channel, r.stage) for r in rows(session, rule_key="digest.daily")} == {
        ("account:fire-head", "inbox", "digest"), ("account:fire-head", "email", "digest"),
        ("account:health-head", "inbox", "digest"), ("account:health-head", "email", "digest")}
    (health_email,) = rows(session, recipient="account:health-head", channel="email")
    assert health_email.status == "undeliverable"  # no email on record; the inbox still has it


def test_the_digest_says_due_soon_overdue_and_new_for_the_heads_department_and_area(session: Session) -> None:
    _open_hazards(session)
    day = date(2026, 10, 9)
    check(session, now=china(day, 8))
    (digest,) = rows(session, recipient="account:fire-head", channel="inbox")
    assert digest.title == "【每日隐患简报】10月09日 消防：3天内到期1项，逾期1项，新增0项"
    assert "甲院：疏散通道堵塞，期限10月12日，3天后到期" in digest.body
    assert "乙院：隐患（重大），期限10月02日，逾期7天" in digest.body
    assert "丙院" not in digest.body and "新增隐患" not in digest.body  # h-far is not due; nothing new
    assert digest.link == "/ledger" and digest.area_code is not None
    (health,) = rows(session, recipient="account:health-head", channel="inbox")
    assert "逾期1项" in health.title and "3天内到期0项" in health.title


def test_new_hazards_are_those_since_the_heads_last_digest(session: Session) -> None:
    _open_hazards(session)
    hazard(session, "h-new-1", deadline=date(2026, 11, 20), facility_id="fac-3")
    received(session, "h-new-1", china(date(2026, 9, 30), 12))  # after the digest of 30 September
    check(session, now=china(date(2026, 9, 30), 8))
    check(session, now=china(date(2026, 10, 9), 8))
    first = rows(session, recipient="account:fire-head", channel="inbox", subject="digest:2026-10-09")
    assert "新增1项" in first[0].title and "丙院" in first[0].body
    hazard(session, "h-new-2", deadline=date(2026, 11, 20), facility_id="fac-2")
    received(session, "h-new-2", china(date(2026, 10, 9), 15))
    check(session, now=china(MAKE_UP_SATURDAY, 9))
    (second,) = rows(session, recipient="account:fire-head", channel="inbox", subject="digest:2026-10-10")
    assert "新增1项" in second.title and "乙院：隐患，期限11月20日" in second.body
    assert "丙院：隐患，期限11月20日" not in second.body  # told yesterday


def test_nothing_to_say_sends_nothing_but_the_day_is_recorded(session: Session) -> None:
    heads(session)
    result = check(session, now=china(date(2026, 10, 9), 9))
    assert result.heads == 3 and result.sent == 0 and rows(session, rule_key="digest.daily") == []
    recorded = session.exec(select(NotificationDigestRun).where(col(NotificationDigestRun.day) == date(2026, 10, 9)))
    assert sorted((r.account_id, r.enqueued) for r in recorded) == [
        ("fire-head", 0), ("fire-head-elsewhere", 0), ("health-head", 0)]


def test_a_digest_missed_at_eight_is_sent_at_the_next_check_that_day(session: Session) -> None:
    _open_hazards(session)
    result = check(session, now=china(date(2026, 10, 9), 16))  # the worker was down all morning
    assert result.sent == 2
    assert check(session, now=china(date(2026, 10, 9), 16) + timedelta(minutes=5)).heads == 0


def test_the_digest_time_comes_from_the_settings(session: Session) -> None:
    _open_hazards(session)
    settings = session.get(NotificationSettingsRow, 1)
    assert settings is not None and settings.digest_time == "08:00"
    settings.digest_time = "09:30"
    session.add(settings)
    session.flush()
    assert check(session, now=china(date(2026, 10, 9), 9)).ran is False
    assert check(session, now=china(date(2026, 10, 9), 9) + timedelta(minutes=30)).sent == 2


def test_the_digest_names_the_finding_not_the_items_compliant_wording(session: Session) -> None:
    # Issue 11 (9): the item is written as the compliant state; the line says what was found.
    facilities(session)
    heads(session)
    item(session, "h-new", "未采用易燃可燃材料彩钢板搭建建筑", "三楼活动室采用易燃芯材彩钢板搭建")
    hazard(session, "h-new", deadline=date(2026, 10, 12))
    received(session, "h-new", china(date(2026, 10, 9), 7))
    check(session, now=china(date(2026, 10, 9), 8))
    (digest,) = rows(session, recipient="account:fire-head", channel="inbox")
    assert "甲院：三楼活动室采用易燃芯材彩钢板搭建，期限10月12日" in digest.body
    assert "彩钢板搭建建筑" not in digest.body
