"""The rectification phase as the roles play it: the task force classifies (the suggestion following the ledger),
a plan for the facility to suspend is drafted from the classification, completed and approved, its residents are
relocated and it is suspended; the facility rectifies its hazards, the department rejects once and accepts, another
person signs off, an extension is granted, a supervision order is issued on the escalated hazard; the follow-up
visit is requested."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import deliveries, report
from .actors import People, eventually
from .deliveries import Recipient
from .ladder import E_EXTENDED
from .story import FOLLOW_UP_DELAY, MANAGED, PARTLY, PASSED, PHASES, SUSPENDED, Story
from .survey import image

TO_RECEIVER = 6  # residents the receiving facility takes; the others go home to their families
SIGNED_OFF = 28  # L's sign-off, the last of its facility's hazards (the follow-up visit is then requested)
ORDER_DEADLINE = SIGNED_OFF  # the supervision order on L
REASONS = {
    SUSPENDED: "消火栓无水、喷淋系统关闭，存在重大火灾隐患，停业整顿，老人转移安置后整改。",
    PASSED: "联合检查未发现重大事故隐患，一般隐患限期整改。",
    MANAGED: "三楼彩钢板隔间已拆除并验收销号，其余隐患已整改，合格。",
}


class Rectification:
    def __init__(self, story: Story) -> None:
        self.story = story

    def days(self) -> dict[int, list[Callable[[], None]]]:
        return {PHASES["rectification"][0]: [lambda: self.phase_summary("survey", PHASES["survey"][1]), self.classify],
                8: [self.extension, self.plan],
                9: [self.relocate_first], 11: [self.relocate_rest_and_suspend], 21: [self.order, self.e_submitted],
                22: [self.l_submitted, self.e_accepted], 23: [self.l_rejected, self.e_signed_off],
                24: [self.l_resubmitted], 25: [self.l_accepted], SIGNED_OFF: [self.l_signed_off_and_followed_up],
                PHASES["review"][0]: [lambda: self.phase_summary("rectification", PHASES["rectification"][1])]}

    @property
    def people(self) -> People:
        return self.story.people

    def _path(self, name: str) -> str:
        return f"/api/rectification/hazards/{self.story.hazards[name]['id']}"

    # --- classification (day 7) ---------------------------------------------------------------------------

    def phase_summary(self, phase: str, end: int) -> None:
        """The morning after a phase ends, the task force leader gets its summary (inbox and email): the coverage
        and the ledger's open and closed hazards, as the scenario's records count them."""
        story, leader = self.story, self.people.task_force_leader
        subject = f"campaign:{story.campaign_id}:{phase}@{story.day(end)}"
        items = eventually(lambda: [item for item in leader.inbox() if item["subject"] == subject], lambda items: items,
                           what=f"the task force leader's summary of the {phase} phase")
        assert [item["stage"] for item in items] == ["phase_end"], items
        records = story.records
        complete = sum(1 for done in records.covered.values() if done >= set(records.departments))
        pairs = sum(len(done) for done in records.covered.values())
        entries = set(story.hazards)  # a relapse reopens its entry: the ledger counts entries
        closed = len(entries & records.rectified)
        expected = (f"{complete}/{records.facilities}家机构已完成全部部门检查（部门检查{pairs}/"
                    f"{records.facilities * len(records.departments)}项）；隐患：未整改{len(entries) - closed}项，"
                    f"已整改{closed}项")
        assert expected in items[0]["body"], (expected, items[0]["body"])
        emails = eventually(lambda: [message for message in story.stack.mail.messages()
                                     if str(message["Subject"]) == items[0]["title"]], lambda found: found,
                            what=f"the email of the {phase} phase's summary")
        assert len(emails) == 1 and leader.account["email"] in str(emails[0]["To"]), emails

    def _decide(self, facility: str, klass: str) -> None:
        story = self.story
        decided = self.people.task_force_leader.post(
            f"/api/inspection/campaigns/{story.campaign_id}/classifications/{story.fid(facility)}",
            {"class": klass, "reason": REASONS[facility]})
        assert decided["decided_class"] == klass, decided
        story.records.decided[facility] = klass

    def classify(self) -> None:
        """The survey is over: the suggestions follow the findings, the ledger and the coverage; the leader decides
        the facilities the survey settled (the survey report first)."""
        story = self.story
        rows = story.classifications()
        suggested = {name: rows[story.fid(name)]["suggested_class"] for name in story.facilities}
        assert suggested == {name: story.records.suggestion(name) for name in story.facilities}, suggested
        assert (suggested[MANAGED], suggested[SUSPENDED], suggested[PASSED], suggested[PARTLY]) == (
            "suspend", "suspend", "pass", "not_inspected")  # L and S are major and open; health and housing missing
        partly = rows[story.fid(PARTLY)]["reasons"]
        assert [r["departments"] for r in partly if r["condition"] == "not_inspected"] == [["health", "housing"]]
        report.check(story.report(), story.records)
        self._decide(SUSPENDED, "suspend")
        self._decide(PASSED, "pass")

    # --- the plan, relocation and suspension (days 8–11) ----------------------------------------------------

    def plan(self) -> None:
        story, head, leader = self.story, self.people.civil_affairs_head, self.people.task_force_leader
        path = f"/api/rectification/facilities/{story.fid(SUSPENDED)}/plan"
        draft = eventually(lambda: head.raw("GET", path), lambda answer: answer.status_code == 200,
                           what="the plan drafted from facility.classified")
        draft_plan = draft.json()
        assert (draft_plan["decision"], draft_plan["state"], draft_plan["campaign_id"]) == (
            "suspend", "draft", story.campaign_id), draft_plan
        status = f"/api/registry/facilities/{story.fid(SUSPENDED)}/status"
        refused = head.post(status, {"status": "suspended", "reason": "停业整顿"}, expect=409)
        assert refused["code"] == "plan_not_approved", refused
        head.put(path, {
            "campaign_id": story.campaign_id, "decision": "suspend", "version": draft_plan["version"],
            "measures": "恢复室内消火栓供水，打开报警阀组并联动测试喷淋系统；整改期间停止接收新入住老人。",
            "milestones": [{"title": "完成老人转移安置", "owner": "青松街道", "due_date": str(story.day(12))},
                           {"title": "消防设施整改完成并申请验收", "owner": SUSPENDED, "due_date": str(story.day(30))}],
            "relocation_plan": "按老人意愿：有条件的由家属接回，其余安置到就近有空床的合格机构；街道逐一确认去向。",
            "cooperation": "cooperative",
            "support_measures": "街道协调周边机构床位，消防部门上门指导整改。"})
        approved = leader.post(f"{path}/approve", {"note": "同意，街道负责转移安置。"})
        assert approved["state"] == "approved" and approved["approved_by"] == leader.id, approved
        # The registry hears of the approval; now only the roster stands in the way.
        eventually(lambda: head.raw("POST", status, {"status": "suspended", "reason": "停业整顿"}).json().get("code"),
                   lambda code: code == "residents_not_relocated", what="the registry to take the approved plan in")

    def _relocate(self, residents: list[dict[str, Any]], body: dict[str, Any]) -> None:
        officer = self.people.subdistrict_officer
        base = f"/api/registry/facilities/{self.story.fid(SUSPENDED)}/residents"
        for resident in residents:
            moved = officer.post(f"{base}/{resident['id']}/relocate", {
                **body, "moved_on": str(self.story.stack.clock.today()), "confirmed_by_name": "老人家属及街道经办人"})
            assert moved["active"] is False, moved

    def relocate_first(self) -> None:
        """The sub-district officer relocates to the first receiving facility suggested: the one classified pass."""
        story = self.story
        suggestions = self.people.subdistrict_officer.get(
            f"/api/rectification/facilities/{story.fid(SUSPENDED)}/relocation/suggestions")["items"]
        first = suggestions[0]
        assert (first["facility_id"], first["classification"]) == (story.fid(PASSED), "pass"), suggestions
        assert first["free_beds"] >= TO_RECEIVER, first
        assert story.fid(MANAGED) not in {row["facility_id"] for row in suggestions}  # an open major hazard
        residents = story.residents(SUSPENDED)
        self._relocate(residents[:TO_RECEIVER], {"destination_kind": "facility",
                                                 "receiving_facility_id": first["facility_id"]})
        self._relocate(residents[TO_RECEIVER:TO_RECEIVER + 8], {"destination_kind": "family",
                                                                "destination": "由子女接回家中照护"})

    def relocate_rest_and_suspend(self) -> None:
        story, head = self.story, self.people.civil_affairs_head
        total = int(story.facilities[SUSPENDED]["residents_count"])
        self._relocate(story.residents(SUSPENDED), {"destination_kind": "family", "destination": "由家属接回"})
        progress = eventually(lambda: head.get(f"/api/rectification/facilities/{story.fid(SUSPENDED)}/relocation"),
                              lambda p: p["relocated"] == total, what="the relocation page to count every move")
        assert (progress["total"], progress["remaining"], progress["completed"]) == (total, 0, False), progress
        receiving = [row for row in progress["residents"] if row["relocation"]["destination_kind"] == "facility"]
        assert len(receiving) == TO_RECEIVER and all(
            row["relocation"]["receiving_facility_id"] == story.fid(PASSED) for row in receiving)
        suspended = head.post(f"/api/registry/facilities/{story.fid(SUSPENDED)}/status",
                              {"status": "suspended", "reason": "一院一策：停业整顿，老人已全部转移安置"})
        assert suspended["status"] == "suspended" and suspended["residents_count"] == 0, suspended
        plan = eventually(lambda: head.get(f"/api/rectification/facilities/{story.fid(SUSPENDED)}/plan"),
                          lambda p: p["relocation_completed_at"] is not None, what="relocation.completed")
        assert plan["state"] == "approved"
        received = head.get(f"/api/registry/facilities/{story.fid(PASSED)}")
        assert received["residents_count"] == int(story.facilities[PASSED]["residents_count"]) + TO_RECEIVER

    # --- rectifying, accepting, signing off (days 8–28) -----------------------------------------------------

    def extension(self) -> None:
        """The manager asks for more time for E; the health head (its department's) grants it."""
        story, manager = self.story, self.people.facility_manager
        new_deadline = str(story.day(E_EXTENDED))
        asked = manager.post(f"{self._path('E')}/extensions", {
            "new_deadline": new_deadline, "reason": "药品柜需统一采购安装，申请延期一周。"}, expect=201)
        self.people.health_staff.post(f"{self._path('E')}/extensions/{asked['id']}/approve", {"note": "同意"},
                                      expect=403)  # the department's head decides
        granted = self.people.health_head.post(f"{self._path('E')}/extensions/{asked['id']}/approve",
                                               {"note": "同意延期"})
        assert granted["state"] == "approved", granted
        assert story.hazard("E")["deadline"] == new_deadline

    def _rectified_by_manager(self, name: str, *, start: bool) -> None:
        manager = self.people.facility_manager
        if start:
            manager.post(f"{self._path(name)}/start")
        manager.upload(f"{self._path(name)}/evidence", name="整改后.png", content=image((90, 150, 90)),
                       content_type="image/png", data={"note": "整改完成后现场照片"})
        submitted = manager.post(f"{self._path(name)}/submit", {"note": "已按整改措施完成整改，请验收。"})
        assert submitted["state"] == "submitted" and submitted["submitted_by"] == manager.id, submitted

    def order(self) -> None:
        """L was flagged this morning: the task force leader puts it under supervision; everyone named hears."""
        story, leader = self.story, self.people.task_force_leader
        order = leader.post("/api/rectification/supervision-orders", {
            "hazard_ids": [story.hazards["L"]["id"]], "level": "district",
            "supervisor_name": self.people.fire_head.name, "deadline": str(story.day(ORDER_DEADLINE)),
            "requirements": "限期拆除三楼全部彩钢板隔间，拆除前不得安排老人居住，整改完成后报消防部门验收。"},
            expect=201)
        story.orders["L"] = order
        people, managed = self.people, story.facilities[MANAGED]
        # The default ladder's issued stage: the responsible person, the supervisor (the fire head by name, also
        # its department's head), the facility manager, the community officer and the sub-district head.
        told = {Recipient.person(str(managed["manager"]), str(managed["manager_phone"])): {"sms"},
                **{Recipient.account(actor): {"sms", "inbox"} for actor in (
                    people.fire_head, people.facility_manager, people.community_officer, people.subdistrict_head)}}
        deliveries.stage_delivered(
            story.stack, people.admin, rule_key="supervision_order.deadline", stage="issued",
            subject=f"supervision_order:{order['id']}@{order['deadline']}", link="/supervision", expected=told,
            words=(MANAGED, order["number"]), on=story.stack.clock.today())

    def e_submitted(self) -> None:
        self._rectified_by_manager("E", start=True)

    def e_accepted(self) -> None:
        accepted = self.people.health_staff.post(f"{self._path('E')}/accept", {"note": "现场复核，整改到位。"})
        assert accepted["state"] == "accepted", accepted
        self.story.records.rectified.add("E")

    def e_signed_off(self) -> None:
        signed = self.people.health_head.post(f"{self._path('E')}/sign-off")
        assert signed["state"] == "signed_off", signed

    def l_submitted(self) -> None:
        self._rectified_by_manager("L", start=True)

    def l_rejected(self) -> None:
        rejected = self.people.fire_staff.post(f"{self._path('L')}/reject", {
            "reason": "照片仅拍到一间，请补充三楼全部隔间拆除后的现场照片。"})
        assert (rejected["state"], rejected["rejection_reason"]) == (
            "in_progress", "照片仅拍到一间，请补充三楼全部隔间拆除后的现场照片。"), rejected

    def l_resubmitted(self) -> None:
        """The fire inspector adds a photo of the site visit to the evidence; the manager resubmits. Four eyes:
        neither the manager nor the inspector, who both took part in this rectification, may accept it."""
        self.people.fire_staff.upload(f"{self._path('L')}/evidence", name="复核.png", content=image((60, 60, 160)),
                                      content_type="image/png", data={"note": "消防检查员上门查看拆除进度"})
        self._rectified_by_manager("L", start=False)
        for actor, code in ((self.people.facility_manager, "role_forbidden"),
                            (self.people.fire_staff, "acceptance_by_submitter")):
            refused = actor.post(f"{self._path('L')}/accept", {"note": "验收"}, expect=403)
            assert refused["code"] == code, refused

    def l_accepted(self) -> None:
        accepted = self.people.fire_head.post(f"{self._path('L')}/accept", {"note": "现场复核，隔间已全部拆除。"})
        assert accepted["state"] == "accepted" and accepted["accepted_by"] == self.people.fire_head.id, accepted
        self.story.records.rectified.add("L")
        self.story.suggestion_becomes(MANAGED, "pass")  # rectified: no longer suspend

    def l_signed_off_and_followed_up(self) -> None:
        story, people = self.story, self.people
        refused = people.fire_head.post(f"{self._path('L')}/sign-off", expect=403)
        assert refused["code"] == "sign_off_by_acceptor", refused  # four eyes: not who accepted it
        signed = people.civil_affairs_head.post(f"{self._path('L')}/sign-off")
        assert signed["state"] == "signed_off", signed
        order = story.orders["L"]
        eventually(lambda: people.task_force_leader.get(f"/api/rectification/supervision-orders/{order['id']}"),
                   lambda o: o["state"] == "closed", what="the supervision order to close with its last hazard")
        self._decide(MANAGED, "pass")
        # Every hazard of the facility is signed off: a follow-up visit is requested, due in the review phase.
        due = str(story.day(SIGNED_OFF + FOLLOW_UP_DELAY))
        follow_ups = eventually(lambda: people.civil_affairs_head.get("/api/rectification/follow-ups", params={
            "campaign_id": story.campaign_id, "facility_id": story.fid(MANAGED)})["items"], lambda items: items,
            what="the follow-up request")
        assert [(f["reason"], f["due_date"]) for f in follow_ups] == [("all_signed_off", due)], follow_ups
        planner = people.civil_affairs_head

        def follow_up_task() -> list[dict[str, Any]]:
            rows = planner.get("/api/inspection/tasks", params={"campaign_id": story.campaign_id,
                                                                 "facility_id": story.fid(MANAGED)})["items"]
            return [row for row in rows if row["mode"] == "follow_up"]

        (task,) = eventually(follow_up_task, lambda rows: rows, what="inspection to plan the follow-up task")
        assert (sorted(task["departments"]), task["due_date"], task["assignees"]) == (["fire", "health"], due, []), task
        story.tasks["follow_up"] = planner.patch(f"/api/inspection/tasks/{task['id']}", {"assignees": [
            {"subject": people.staff(d).id} for d in task["departments"]]})

