"""The story in order: every role's actions placed on their day and hour, the workers' jobs each morning, the
consumers between one hour's steps and the next, and the clock back at the real time at the end."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from . import CAMPAIGN_NAME, ledger, story, survey, tips
from .inprocess import Platform
from .people import People
from .story import FOLLOW_UPS, TIPS, Finding, Visit
from .survey import Scene

log = logging.getLogger("eldersafe.demo")

DISTRICT_FILE = Path(__file__).resolve().parents[1] / "district.json"
JOBS_HOUR = 8.5  # the workers' morning round: overdue check, escalation tick, phase and digest checks
# Everyone with a part to play (the other demo accounts only read what the story left them).
ACTORS = ("civil_affairs_staff", "civil_affairs_head", "reward_custodian", "facility_manager", "subdistrict_officer",
          "task_force_leader", "task_force_deputy",
          *(f"{dept}_staff" for dept in ("fire", "emergency", "police", "health", "housing", "market")),
          *(f"{dept}_head" for dept in ("fire", "police", "health", "housing", "market")))


@dataclass
class Action:
    day: int
    hour: float
    label: str
    run: Callable[[], Awaitable[Any]]


def stage_days(today: date) -> dict[str, int]:
    """The day a major hazard (7 days to rectify) must be found for its deadline to sit at each ladder stage
    today, on the notification service's working-day calendar (holidays included)."""
    from eldersafe_notification.rules.calendar import WorkingCalendar

    calendar = WorkingCalendar.of()
    anchor = today if calendar.is_workday(today) else calendar.nth_workday(today, -1)
    three_working_days_late = calendar.nth_workday(anchor, -4)  # past overdue_3wd, short of overdue_7wd
    major = story.DEADLINE_DAYS["major"]
    return {"remind_1d": 1 - major, "due_day": -1 - major,
            "overdue_3wd": (three_working_days_late - today).days - major}


def _hazard_actions(scene: Scene, facility: int, findings: tuple[Finding, ...]) -> list[Action]:
    return [Action(day, 15.0, f"{action} {finding.item} at {facility}",
                   partial(ledger.hazard_step, scene, facility=facility, item=finding.item, action=action))
            for finding in findings for day, action in ledger.steps_of(finding.steps)]


async def _create_campaign(scene: Scene) -> None:
    """Civil affairs opens the campaign: every department, the platform's deadline days."""
    date_of = scene.platform.clock.date_of
    head = scene.people["civil_affairs_head"]
    phases = {"survey": story.SURVEY, "rectification": story.RECTIFICATION, "review": story.REVIEW}
    campaign = await head.post("/api/inspection/campaigns", {
        "name": CAMPAIGN_NAME, "area_code": scene.district,
        "departments": ["civil_affairs", "fire", "emergency", "police", "health", "housing", "market"],
        **{f"{phase}_{end}": str(date_of(days[index])) for phase, days in phases.items()
           for index, end in enumerate(("start", "end"))},
        "deadline_days_major": story.DEADLINE_DAYS["major"],
        "deadline_days_ordinary": story.DEADLINE_DAYS["ordinary"]}, expect=201)
    scene.campaign_id = campaign["id"]


async def _follow_up_policy(scene: Scene) -> None:
    """Once rectification has heard of the campaign: its follow-up visits come two weeks after the last sign-off."""
    await scene.people["civil_affairs_head"].put(
        f"/api/rectification/campaigns/{scene.campaign_id}/follow-up-policy",
        {"delay_days": story.FOLLOW_UP_DELAY_DAYS, "monthly_sample_percent": 10})


def _survey_actions(scene: Scene, visits: list[Visit]) -> list[Action]:
    actions = [Action(story.CREATED, 9.0, "the campaign", partial(_create_campaign, scene)),
               Action(story.CREATED, 9.5, "the follow-up policy", partial(_follow_up_policy, scene))]
    for visit in visits:
        # Survey tasks are planned at the start, later visits two days ahead, what is still to do recently.
        planned = -10 if visit.day is None else story.CREATED if visit.day <= story.SURVEY[1] else visit.day - 2
        actions.append(Action(planned, 10.0, f"task {visit.team} at {visit.facility}",
                              partial(survey.plan_visit, scene, visit)))
        if visit.day is not None:
            actions.append(Action(visit.day, visit.hour, f"visit {visit.team} at {visit.facility}",
                                  partial(survey.survey_visit, scene, visit)))
            actions += _hazard_actions(scene, visit.facility, visit.findings)
    self_check = story.SELF_CHECK
    actions.append(Action(self_check.day, 16.0, "the manager's self-check", partial(
        survey.inspect, scene, facility=story.MANAGED, departments=("fire",), mode="self_check",
        findings=self_check.findings, task_id=None, key="demo-self-check")))
    actions += _hazard_actions(scene, story.MANAGED, self_check.findings)
    return actions


def _rectification_actions(scene: Scene) -> list[Action]:
    leader, deputy, head = "task_force_leader", "task_force_deputy", "civil_affairs_head"
    actions = [Action(day, 10.0 + index / 10, f"class {decision.klass} at {decision.facility}", partial(
        ledger.classify, scene, facility=decision.facility, klass=decision.klass, by=decision.by,
        reason=decision.reason)) for index, (day, decision) in enumerate(story.DECISIONS)]
    actions += [
        Action(-19, 14.0, "the suspended facility's plan",
               partial(ledger.write_plan, scene, facility=story.SUSPENDED, by=head, plan=story.SUSPEND_PLAN)),
        Action(-17, 10.0, "plan approved", partial(ledger.approve_plan, scene, facility=story.SUSPENDED, by=leader,
                                                   note="同意。请街道在一个月内完成老人转移安置。")),
        Action(-9, 16.0, "milestone done",
               partial(ledger.milestone_done, scene, facility=story.SUSPENDED, by="civil_affairs_staff", index=0)),
        Action(-2, 15.0, "the shutdown facility's plan",
               partial(ledger.write_plan, scene, facility=story.SHUTDOWN, by=head, plan=story.SHUTDOWN_PLAN)),
        Action(-18, 11.0, "red order", partial(
            ledger.issue_order, scene, facility=story.SUSPENDED, item="FIRE-02", by=deputy, deadline=-4,
            level="district", supervisor=scene.people["fire_head"].name,
            requirements="限期拆除三楼全部彩钢板隔间，拆除前不得安排老人居住，整改完成后报消防部门验收。")),
        Action(-3, 10.0, "yellow order", partial(
            ledger.issue_order, scene, facility=story.MANAGED, item="MA-02", by=leader, deadline=2,
            level="district", supervisor=scene.people["market_head"].name,
            requirements="2号电梯立即停用，限期完成定期检验并取得合格证，检验合格前张贴停用告示。")),
    ]
    actions += [Action(day, 11.0, "relocation", partial(
        ledger.relocate, scene, facility=story.SUSPENDED, by="subdistrict_officer", moves=moves,
        confirmed_by="老人家属及街道经办人")) for day, moves in story.RELOCATIONS]
    for follow_up in FOLLOW_UPS:
        actions.append(Action(follow_up.staffed, 9.0, f"follow-up staffed at {follow_up.facility}",
                              partial(ledger.staff_follow_up, scene, follow_up)))
        if follow_up.day is not None:
            actions.append(Action(follow_up.day, 10.0, f"follow-up at {follow_up.facility}",
                                  partial(ledger.follow_up_visit, scene, follow_up)))
    return actions


def _tip_actions(scene: Scene) -> list[Action]:
    actions: list[Action] = []
    for tip in TIPS:
        # The public writes in the evening; the staff triage the next working morning.
        actions.append(Action(tip.day, 20.5 if tip.day < 0 else 0, f"tip {tip.key}", partial(tips.submit, scene, tip)))
        if tip.duplicate_of:
            actions.append(Action(tip.day + 1, 9.2, "duplicate", partial(tips.mark_duplicate, scene, tip)))
        if tip.close_reason:
            actions.append(Action(tip.day + 1, 9.2, "closed", partial(tips.close, scene, tip)))
        if tip.assign:
            actions.append(Action(tip.assign[0], 9.5, "assigned", partial(tips.assign, scene, tip)))
        if tip.check:
            assert tip.facility is not None
            actions.append(Action(tip.check[0], 10.0, "tip check", partial(tips.check_tip, scene, tip)))
            actions += _hazard_actions(scene, tip.facility, tip.check[1])
        actions += [Action(day, 16.0 if side == "department" else 21.0, f"{side} writes",
                           partial(tips.message, scene, tip, side=side, body=body)) for day, side, body in tip.messages]
        if tip.reward:
            _, proposed, approved, paid = tip.reward
            actions.append(Action(proposed, 10.0, "reward proposed", partial(tips.propose_reward, scene, tip)))
            if approved is not None:
                actions.append(Action(approved, 11.0, "reward approved", partial(tips.approve_reward, scene, tip)))
            if paid is not None:
                actions.append(Action(paid, 14.0, "reward paid", partial(tips.pay_reward, scene, tip)))
    return actions


async def already_there(people: People) -> bool:
    campaigns = await people["civil_affairs_head"].get("/api/inspection/campaigns", params={"page_size": 100})
    return any(campaign["name"] == CAMPAIGN_NAME for campaign in campaigns["items"])


async def run(platform: Platform, *, started: Callable[[], None] = lambda: None) -> Scene | None:
    """Play the story; None when the demo campaign is already there (nothing is done twice). ``started`` is
    called once the story begins to write."""
    district = json.loads(DISTRICT_FILE.read_text(encoding="utf-8"))
    people = People(platform.client, district["demo_password"])
    await people.login("civil_affairs_head")
    if await already_there(people):
        return None
    platform.settle()  # the district's registrations and accounts reach every service first
    await people.login(*(actor for actor in ACTORS if actor != "civil_affairs_head"))
    scene = Scene(platform, people, district["facilities"], district["district"])
    visits = story.survey(lambda stage: stage_days(platform.clock.today)[stage])
    actions = [*_survey_actions(scene, visits), *_rectification_actions(scene), *_tip_actions(scene)]
    actions.sort(key=lambda action: (action.day, action.hour))
    started()
    try:
        for day in range(story.CREATED, 1):
            await _play_day(platform, day, [action for action in actions if action.day == day])
    finally:
        platform.clock.restore()
    platform.run_jobs()
    return scene


async def _play_day(platform: Platform, day: int, actions: list[Action]) -> None:
    """The morning's jobs, then the day's actions hour by hour (day 0: at the real time)."""
    clock = platform.clock
    if day < 0:
        clock.at(day, JOBS_HOUR)
    else:
        clock.restore()
    platform.run_jobs()
    hour = None
    for action in actions:
        if action.hour != hour:
            platform.settle()  # the workers catch up between one hour's steps and the next
            hour = action.hour
            if day < 0:
                clock.at(day, hour)
        log.debug("day %s %05.2f %s", day, action.hour, action.label)
        try:
            await action.run()
        except Exception as exc:
            raise RuntimeError(f"day {day} ({clock.date_of(day)}), {action.label}: {exc}") from exc
    platform.settle()

