from datetime import date, timedelta

from sqlmodel import Session

from eldersafe_notification.campaigns.phases import check
from tests.services.notification.ladder import china, rows, told

from .support import CAMPAIGN, campaign, facilities, hazard, heads, inspected

SURVEY_END = date(2026, 9, 30)
REMINDER_SUBJECT = f"campaign:{CAMPAIGN}:survey@2026-09-30"


def _setup(session: Session) -> None:
    facilities(session)
    heads(session)
    campaign(session)
    inspected(session, "fac-1", "fire", "health")
    inspected(session, "fac-2", "health")
    inspected(session, "fac-3", "health")
    inspected(session, "fac-2", "fire", self_check=True)  # a self-check covers nothing


def _fired(session: Session, first: date, last: date) -> dict[date, list[tuple[str, str]]]:
    fired: dict[date, list[tuple[str, str]]] = {}
    day = first
    while day <= last:
        for hour in (0, 8, 23):
            for _, phase, stage in check(session, now=china(day, hour)).fired:
                fired.setdefault(day, []).append((phase, stage))
        day += timedelta(days=1)
    return fired


def test_department_heads_hear_two_days_before_the_survey_ends_once(session: Session) -> None:
    _setup(session)
    assert check(session, now=china(date(2026, 9, 27), 23)).fired == []  # not before
    first = check(session, now=china(date(2026, 9, 28), 0))
    assert first.fired == [(CAMPAIGN, "survey", "phase_end_2d")]
    # The fire head (of this district, not the other) on inbox and email; health has inspected everything.
    assert told(session, "phase_end_2d") == {("account:fire-head", "inbox"), ("account:fire-head", "email")}
    (message,) = rows(session, stage="phase_end_2d", channel="email")
    assert message.rule_key == "campaign.phase" and message.subject == REMINDER_SUBJECT
    assert message.address == "fire@x.cn" and message.link == f"/campaigns/{CAMPAIGN}"
    assert "乙院" in message.body and "丙院" in message.body and "甲院" not in message.body
    assert "2026年09月30日" in message.body and "还有2天" in message.body and "2家" in message.title
    # not twice: later the same day, the next day, or after more coverage came in
    inspected(session, "fac-3", "fire")
    for day, hour in ((date(2026, 9, 28), 23), (date(2026, 9, 29), 9), (date(2026, 9, 30), 9)):
        assert check(session, now=china(day, hour)).fired == []
    assert len(rows(session, stage="phase_end_2d")) == 2


def test_a_reminder_missed_while_down_is_caught_up_once_but_not_after_the_survey(session: Session) -> None:
    _setup(session)
    assert check(session, now=china(date(2026, 9, 30), 17)).fired == [(CAMPAIGN, "survey", "phase_end_2d")]
    assert check(session, now=china(date(2026, 9, 30), 18)).fired == []
    campaign(session, campaign_id="camp-late")  # known only after its survey ended
    late = check(session, now=china(date(2026, 10, 1), 9)).fired
    # both summaries, but no stale reminder for the late one
    assert sorted(late) == [(CAMPAIGN, "survey", "phase_end"), ("camp-late", "survey", "phase_end")]
    assert {r.subject for r in rows(session, stage="phase_end_2d")} == {REMINDER_SUBJECT}


def test_a_moved_survey_end_is_a_new_deadline(session: Session) -> None:
    _setup(session)
    check(session, now=china(date(2026, 9, 28)))
    campaign(session, kind="campaign.updated", survey_end="2026-09-20", rectification_start="2026-09-21")
    check(session, now=china(date(2026, 9, 18)))  # the new date's reminder
    assert {r.subject for r in rows(session, stage="phase_end_2d")} == {
        REMINDER_SUBJECT, f"campaign:{CAMPAIGN}:survey@2026-09-20"}


def test_summaries_at_each_phase_end_to_the_task_force_leader(session: Session) -> None:
    _setup(session)
    hazard(session, "h-1", deadline=date(2026, 10, 20))
    hazard(session, "h-2", deadline=date(2026, 10, 20), state="accepted")
    hazard(session, "h-3", deadline=date(2026, 10, 20), campaign_id="another")
    fired = _fired(session, date(2026, 9, 20), date(2027, 1, 20))
    assert fired == {date(2026, 9, 28): [("survey", "phase_end_2d")], date(2026, 10, 1): [("survey", "phase_end")],
                     date(2026, 12, 1): [("rectification", "phase_end")], date(2027, 1, 1): [("review", "phase_end")]}
    assert told(session, "phase_end") == {("account:tf-leader", "inbox"), ("account:tf-leader", "email")}
    assert {r.subject for r in rows(session, stage="phase_end")} == {
        f"campaign:{CAMPAIGN}:survey@2026-09-30", f"campaign:{CAMPAIGN}:rectification@2026-11-30",
        f"campaign:{CAMPAIGN}:review@2026-12-31"}
    (survey,) = [r for r in rows(session, stage="phase_end", channel="inbox") if ":survey@" in r.subject]
    assert survey.title.startswith("【排查阶段结束】")
    # fac-1 has both departments; fac-2 and fac-3 only health: 1 of 3 facilities, 4 of 6 pairs
    assert "1/3家机构" in survey.body and "4/6项" in survey.body
    assert "未整改1项" in survey.body and "已整改1项" in survey.body  # h-3 belongs to another campaign


def test_a_summary_is_caught_up_within_a_week_and_dropped_after(session: Session) -> None:
    _setup(session)
    assert [s for _, p, s in check(session, now=china(date(2026, 10, 8))).fired if p == "survey"] == ["phase_end"]
    campaign(session, campaign_id="camp-old", survey_end="2026-09-20", rectification_start="2026-09-21")
    assert check(session, now=china(date(2026, 10, 8), 10)).fired == []  # 18 days late: history, not news
