"""The scenario's script: the survey week and the review phase, day by day (the rectification phase's steps are in
``rectification.py``, the ladder's expectations in ``ladder.py``), and the checks at the end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from . import report
from .actors import People, eventually
from .calendar import Calendar
from .ladder import Ladder
from .rectification import SIGNED_OFF, Rectification
from .report import Recorded, Records
from .stack import Stack
from .story import (
    DEADLINE_DAYS,
    FOLLOW_UP_DELAY,
    LAST_DAY,
    MANAGED,
    PARTLY,
    PASSED,
    PHASES,
    SUSPENDED,
    Story,
    facilities_by_name,
)
from .survey import Finding, inspect, plan_task, start_inspection, task

DEPARTMENTS = ["fire", "health", "housing"]
FOLLOW_UP_DAY = SIGNED_OFF + FOLLOW_UP_DELAY
RELAPSE_DEADLINE = FOLLOW_UP_DAY + DEADLINE_DAYS["major"]
ACTORS = ["admin", "civil_affairs_head", "task_force_leader", "facility_manager", "subdistrict_officer",
          "subdistrict_head", "community_officer", *(f"{d}_{p}" for d in DEPARTMENTS for p in ("staff", "head"))]

L = Finding("L", "FIRE-02", "三楼活动室采用易燃芯材彩钢板隔出3间居室", "拆除彩钢板隔间，老人转回主楼居住", "major")
E = Finding("E", "HE-03", "药品未集中保管，部分老人自行保管安眠药", "药品统一由护理站保管、核对发放", "ordinary")
S = Finding("S", "FIRE-01", "室内消火栓无水，自动喷水灭火系统报警阀组关闭", "恢复消防供水和喷淋系统并联动测试", "major")
P = Finding("P", "HE-04", "压疮护理记录缺失", "建立压疮风险评估和翻身记录", "ordinary")
N = Finding("N", "FIRE-06", "二楼2具灭火器压力不足", "更换灭火器", "ordinary")
RELAPSE = Finding("L-relapse", "FIRE-02", "三楼活动室彩钢板隔间再次搭建并住进2位老人", "立即拆除，院长签字保证不再搭建",
                  "major")


@dataclass
class Scenario:
    story: Story
    ladder: Ladder
    rectification: Rectification

    @classmethod
    def begin(cls, stack: Stack, calendar: Calendar, client: httpx.Client) -> Scenario:
        """Sign the demo accounts in (``client``: to the gateway); wait until every service has the district's
        facilities."""
        people = People(client, ACTORS)
        head = people.civil_affairs_head
        for path in ("/api/inspection/targets", "/api/rectification/facilities"):
            eventually(lambda path=path: head.get(path, params={"page_size": 100})["total"], lambda n: n == 20,
                       what=f"{path} to list the district's 20 facilities")
        eventually(lambda: len(head.get("/api/notification/contacts")), lambda n: n == 20,
                   what="notification's contacts of the 20 facilities")
        facilities = facilities_by_name(head)
        records = Records(facilities=20, departments=DEPARTMENTS,
                          area_of={name: row["area_code"] for name, row in facilities.items()})
        story = Story(stack=stack, people=people, calendar=calendar, facilities=facilities, records=records)
        return cls(story=story, ladder=Ladder(story), rectification=Rectification(story))

    def days(self) -> dict[int, list[Callable[[], None]]]:
        """Each day's steps: first what the morning's jobs should have delivered, then what the roles do."""
        plan: dict[int, list[Callable[[], None]]] = {}
        own: dict[int, list[Callable[[], None]]] = {
            0: [self.campaign], 1: [self.fire_at_suspended], 2: [self.joint_visit_at_suspended, self.partly],
            3: [self.health_at_managed, self.joint_visit_at_passed], 4: [self.survey_ends_soon, self.fire_at_managed],
            43: [self.no_inspection_in_review], FOLLOW_UP_DAY: [self.follow_up_visit],
            RELAPSE_DEADLINE - 3: [self.relapse_reminded],
            LAST_DAY: [self.review_summary]}
        for source in (self.ladder.days(), own, self.rectification.days()):
            for number, steps in source.items():
                plan.setdefault(number, []).extend(steps)
        return plan

    # --- the survey ----------------------------------------------------------------------------------------

    def campaign(self) -> None:
        """Day 0: the admin enters the year's holidays; civil affairs opens the campaign and plans the tasks."""
        story, people = self.story, self.story.people
        admin, head = people.admin, people.civil_affairs_head
        for year in story.calendar.years():
            known = admin.put(f"/api/notification/calendar/years/{year}", {"text": story.calendar.arrangement(year)})
            assert (known["year"], known["known"], known["source"]) == (year, True, "entered"), known
        phases = {f"{phase}_{end}": str(story.day(days[index])) for phase, days in PHASES.items()
                  for index, end in enumerate(("start", "end"))}
        campaign = head.post("/api/inspection/campaigns", {
            "name": "鹤鸣区养老机构安全隐患专项整治（情景测试）", "area_code": "999001", "departments": DEPARTMENTS,
            **phases, "deadline_days_major": DEADLINE_DAYS["major"],
            "deadline_days_ordinary": DEADLINE_DAYS["ordinary"]}, expect=201)
        story.campaign_id = campaign["id"]
        assert (campaign["current_phase"], campaign["facilities_count"]) == ("survey", 20), campaign
        # The deadline days are set in one place, the campaign; the ledger applies what the campaign announced.
        policy_path = f"/api/rectification/campaigns/{story.campaign_id}/deadline-policy"
        eventually(lambda: head.raw("GET", policy_path).status_code, lambda status: status == 200,
                   what="rectification to hear of the campaign")
        policy = head.get(policy_path)
        assert (policy["major_days"], policy["ordinary_days"]) == (DEADLINE_DAYS["major"], DEADLINE_DAYS["ordinary"])
        head.put(f"/api/rectification/campaigns/{story.campaign_id}/follow-up-policy",
                 {"delay_days": FOLLOW_UP_DELAY, "monthly_sample_percent": 0})
        # Tasks to accounts: joint ones planned by civil affairs (they coordinate), one department's by its head.
        tasks = [("joint", head, MANAGED, ["fire", "health"], 4),
                 ("managed_housing", people.housing_head, MANAGED, ["housing"], 4),
                 ("suspended_fire", people.fire_head, SUSPENDED, ["fire"], 1),
                 ("suspended_joint", head, SUSPENDED, ["health", "housing"], 2),
                 ("passed", head, PASSED, DEPARTMENTS, 3),
                 ("partly", people.fire_head, PARTLY, ["fire"], 2)]
        for key, planner, facility, departments, due in tasks:
            story.tasks[key] = plan_task(planner, people, campaign_id=story.campaign_id,
                                         facility_id=story.fid(facility), departments=departments,
                                         due=str(story.day(due)))
        mine = people.fire_staff.get("/api/inspection/tasks", params={"mine": "true",
                                                                      "campaign_id": story.campaign_id})
        assert {row["id"] for row in mine["items"]} == {
            story.tasks[key]["id"] for key in ("joint", "suspended_fire", "passed", "partly")}, mine

    def _inspect(self, facility: str, departments: list[str], findings: tuple[Finding, ...], *,
                 task_key: str) -> dict[str, Any]:
        story, people = self.story, self.story.people
        inspection = inspect(people, campaign_id=story.campaign_id, facility_id=story.fid(facility),
                             departments=departments, findings=findings, task_id=story.tasks[task_key]["id"],
                             acknowledged_by=people.facility_manager if facility == MANAGED else None,
                             manager_name=str(story.facilities[facility]["manager"]))
        story.record(facility, departments, findings, inspection)
        return inspection

    def _deadline_is(self, name: str, found: int, severity: str) -> None:
        """A hazard's deadline: the day it was found plus the campaign's days for its severity."""
        hazard = self.story.hazards[name]
        assert (hazard["severity"], hazard["deadline"]) == (
            severity, str(self.story.day(found + DEADLINE_DAYS[severity]))), hazard

    def fire_at_suspended(self) -> None:
        self._inspect(SUSPENDED, ["fire"], (S,), task_key="suspended_fire")
        self._deadline_is("S", 1, "major")

    def joint_visit_at_suspended(self) -> None:
        self._inspect(SUSPENDED, ["health", "housing"], (), task_key="suspended_joint")

    def partly(self) -> None:
        self._inspect(PARTLY, ["fire"], (N,), task_key="partly")
        self._deadline_is("N", 2, "ordinary")

    def health_at_managed(self) -> None:
        story = self.story
        self._inspect(MANAGED, ["health"], (E,), task_key="joint")
        self._deadline_is("E", 3, "ordinary")
        joint = task(story.people.civil_affairs_head, story.tasks["joint"]["id"])
        # A joint task is done only once every department on it has submitted; it names the ones missing.
        assert (joint["status"], joint["departments_done"], joint["departments_missing"]) == (
            "in_progress", ["health"], ["fire"]), joint

    def joint_visit_at_passed(self) -> None:
        """One joint inspection by all three departments, each answering its own section."""
        inspection = self._inspect(PASSED, DEPARTMENTS, (P,), task_key="passed")
        assert sorted(section["department"] for section in inspection["sections"]) == sorted(DEPARTMENTS)
        assert task(self.story.people.civil_affairs_head, self.story.tasks["passed"]["id"])["status"] == "done"

    def survey_ends_soon(self) -> None:
        """Two days before the survey ends each department's heads hear how many facilities it has not inspected
        (this morning: housing has been to two)."""
        story, head = self.story, self.story.people.housing_head
        subject = f"campaign:{story.campaign_id}:survey@{story.day(PHASES['survey'][1])}"
        items = eventually(lambda: [item for item in head.inbox() if item["subject"] == subject],
                           lambda items: items, what="the housing head's reminder that the survey ends soon")
        missing = story.records.facilities - sum("housing" in done for done in story.records.covered.values())
        assert [item["stage"] for item in items] == ["phase_end_2d"], items
        assert f"住建部门尚有{missing}家机构未检查" in items[0]["title"], (missing, items[0]["title"])

    def fire_at_managed(self) -> None:
        story = self.story
        self._inspect(MANAGED, ["fire"], (L,), task_key="joint")
        self._inspect(MANAGED, ["housing"], (), task_key="managed_housing")
        joint = task(story.people.civil_affairs_head, story.tasks["joint"]["id"])
        assert (joint["status"], joint["departments_missing"]) == ("done", []), joint
        self._deadline_is("L", 4, "major")
        hazard = story.hazards["L"]
        # The ledger names the registry's manager as responsible and the inspector as supervisor.
        assert (hazard["responsible_name"], hazard["supervisor_subject"]) == (
            story.facilities[MANAGED]["manager"], story.people.fire_staff.id), hazard

    # --- the review ----------------------------------------------------------------------------------------

    def no_inspection_in_review(self) -> None:
        """Outside the survey and rectification phases only the visits the campaign scheduled may be made."""
        story = self.story
        refused = start_inspection(story.people, campaign_id=story.campaign_id, facility_id=story.fid(PARTLY),
                                   departments=["health"], expect=409)
        assert (refused["code"], refused["reason"]) == ("outside_campaign_phase", "review"), refused

    def follow_up_visit(self) -> None:
        """The visit the sign-off asked for, on its due day: fire finds the same item failing again (a relapse)."""
        story, people = self.story, self.story.people
        follow_up = story.tasks["follow_up"]
        assert follow_up["due_date"] == str(story.stack.clock.today())
        inspection = inspect(people, campaign_id=story.campaign_id, facility_id=story.fid(MANAGED),
                             departments=follow_up["departments"], findings=(RELAPSE,), mode="follow_up",
                             task_id=follow_up["id"], acknowledged_by=people.facility_manager,
                             manager_name=str(story.facilities[MANAGED]["manager"]))
        assert [finding["item_code"] for finding in inspection["findings"]] == [L.item]
        assert task(people.civil_affairs_head, follow_up["id"])["status"] == "done"
        relapsed = story.hazard_until("L", lambda h: h["relapse"] and h["state"] == "open", "reopened as a relapse")
        assert (relapsed["reopened_count"], relapsed["description"]) == (1, RELAPSE.description), relapsed
        assert relapsed["deadline"] == str(story.day(RELAPSE_DEADLINE)), relapsed
        story.records.findings.append(Recorded(RELAPSE.name, MANAGED, "fire", RELAPSE.severity))
        story.records.rectified.discard("L")
        story.suggestion_becomes(MANAGED, "suspend")  # a major hazard is open again

    def relapse_reminded(self) -> None:
        self.ladder.relapse_reminded(deadline=self.story.day(RELAPSE_DEADLINE))

    def review_summary(self) -> None:
        self.rectification.phase_summary("review", PHASES["review"][1])

    # --- at the end ----------------------------------------------------------------------------------------

    def finish(self) -> None:
        """The major hazard's first ladder, whole; the survey report against what happened."""
        self.ladder.each_stage_once()
        report.check(self.story.report(), self.story.records)
