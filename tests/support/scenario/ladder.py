"""The deadline ladder as the scenario expects it (notification DESIGN.md, the default ladder): which stage reaches
whom by which channel on which day — the days computed from the test's own calendar — checked on each stage's
morning, and at the end that the major hazard's first ladder delivered each notification exactly once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from . import deliveries
from .actors import eventually
from .calendar import STAGES
from .deliveries import Recipient
from .story import MANAGED, Story

SMS_INBOX = {"sms", "inbox"}
EVERY_CHANNEL = {"sms", "email", "inbox"}
# The scenario's dates (day numbers): L (major, found on day 4) is due on day 9, a Wednesday; E (ordinary, found on
# day 3, due day 15) is extended to day 22.
L_DEADLINE, E_DEADLINE, E_EXTENDED = 9, 15, 22


class Ladder:
    def __init__(self, story: Story) -> None:
        self.story = story
        people = story.people
        managed = story.facilities[MANAGED]
        # The registry's manager is the ledger's responsible person (SMS only: no account of their own).
        self.responsible = Recipient.person(str(managed["manager"]), str(managed["manager_phone"]))
        self.manager = Recipient.account(people.facility_manager)
        before = {self.responsible: {"sms"}, self.manager: SMS_INBOX}
        self.expected: dict[str, dict[Recipient, set[str]]] = {
            "remind_3d": {**before, Recipient.account(people.fire_staff): SMS_INBOX},  # the inspector supervises
            "remind_1d": {**before, Recipient.account(people.fire_staff): SMS_INBOX},
            "due_day": {Recipient.account(people.fire_head): SMS_INBOX,
                        Recipient.account(people.community_officer): SMS_INBOX, self.manager: SMS_INBOX},
            "overdue_3wd": {Recipient.account(people.subdistrict_head): EVERY_CHANNEL},
            "overdue_7wd": {Recipient.account(people.task_force_leader): EVERY_CHANNEL},
        }
        calendar = story.calendar
        self.stage_days = {stage: calendar.number(day) for stage, day in
                           calendar.ladder(calendar.day(L_DEADLINE)).items()}
        # What the calendar the test entered means (day 9 a Wednesday, day 10 the holiday): the working-day stages
        # move past the holiday and the weekend — 3 working days after day 9 are days 11, 14 and 15; 7 end on day 21.
        assert self.stage_days == {"remind_3d": 6, "remind_1d": 8, "due_day": 9, "overdue_3wd": 15,
                                   "overdue_7wd": 21}, self.stage_days
        self.e_remind_3d = calendar.number(calendar.ladder(calendar.day(E_EXTENDED))["remind_3d"])

    def days(self) -> dict[int, list[Callable[[], None]]]:
        plan: dict[int, list[Callable[[], None]]] = {}
        for stage, number in self.stage_days.items():
            plan.setdefault(number, []).append(lambda stage=stage: self.stage_reached(stage))
        plan.setdefault(L_DEADLINE, []).append(self.digest_names_the_findings)
        plan.setdefault(L_DEADLINE + 1, []).append(self.overdue_the_day_after)
        plan.setdefault(self.e_remind_3d, []).append(self.extended_ladder_reminds)
        return plan

    @property
    def subject(self) -> str:
        return deliveries.hazard_subject(self.story.hazards["L"]["id"], self.story.day(L_DEADLINE))

    def _words(self, description: str) -> tuple[str, ...]:
        return (MANAGED, description)

    def stage_reached(self, stage: str) -> list[dict[str, Any]]:
        story = self.story
        hazard = story.hazards["L"]
        rows = deliveries.stage_delivered(
            story.stack, story.people.admin, subject=self.subject, stage=stage, link=f"/hazards/{hazard['id']}",
            expected=self.expected[stage], words=self._words(hazard["description"]), on=story.stack.clock.today())
        if stage == "due_day":
            assert story.hazard("L")["overdue"] is False  # due today, not yet overdue
        if stage == "overdue_7wd":
            # The last stage flags the hazard for a supervision order (hazard.escalated, taken in by the ledger).
            flagged = story.hazard_until("L", lambda h: h["escalated_stage"] == "overdue_7wd", "flagged escalated")
            assert flagged["escalated_at"] is not None
            listed = story.people.task_force_leader.get("/api/rectification/hazards", params={
                "campaign_id": story.campaign_id, "escalated": "true"})
            assert hazard["id"] in {row["id"] for row in listed["items"]}, listed
        return rows

    def digest_names_the_findings(self) -> None:
        """A working morning: the fire head's daily digest (inbox and email) counts the fire hazards due within
        three days and those overdue, naming what was found."""
        story = self.story
        head, today = story.people.fire_head, story.stack.clock.today()

        def rows() -> list[dict[str, Any]]:
            return [row for row in deliveries.deliveries(story.people.admin, rule_key="digest.daily", day=today)
                    if row["recipient"] == head.recipient]

        sent = eventually(rows, lambda found: sorted(r["channel"] for r in found) == ["email", "inbox"] and all(
            r["status"] == "sent" for r in found), what="the fire head's digest")
        fire = [h for h in (story.hazard(name) for name in story.hazards) if "fire" in h["departments"]
                and h["state"] in ("open", "in_progress", "submitted")]
        soon = [h for h in fire if 0 <= (date.fromisoformat(h["deadline"]) - today).days <= 3]
        late = [h for h in fire if date.fromisoformat(h["deadline"]) < today]
        (item,) = [i for i in head.inbox() if i["rule_key"] == "digest.daily" and i["subject"] == f"digest:{today}"]
        assert f"3天内到期{len(soon)}项，逾期{len(late)}项" in item["title"] and soon and late, item["title"]
        for hazard in (*soon, *late):
            assert hazard["description"] in item["body"], (hazard["description"], item["body"])
        (email,) = [row for row in sent if row["channel"] == "email"]
        (message,) = story.stack.mail.with_message_id(f"<{email['id']}@eldersafe.invalid>")
        assert str(message["Subject"]) == item["title"]

    def overdue_the_day_after(self) -> None:
        story = self.story
        story.hazard_until("L", lambda h: h["overdue"], "overdue the day after its deadline")
        overdue = story.people.fire_head.get("/api/rectification/hazards", params={
            "campaign_id": story.campaign_id, "overdue": "true"})
        assert story.hazards["L"]["id"] in {row["id"] for row in overdue["items"]}, overdue

    def extended_ladder_reminds(self) -> None:
        """E was extended before its first reminder: its ladder runs to the new deadline, from its first stage."""
        story, people = self.story, self.story.people
        hazard = story.hazards["E"]
        expected = {self.responsible: {"sms"}, self.manager: SMS_INBOX, Recipient.account(people.health_staff):
                    SMS_INBOX}
        deliveries.stage_delivered(
            story.stack, people.admin, subject=deliveries.hazard_subject(hazard["id"], story.day(E_EXTENDED)),
            stage="remind_3d", link=f"/hazards/{hazard['id']}", expected=expected,
            words=self._words(hazard["description"]), on=story.stack.clock.today())

    def relapse_reminded(self, *, deadline: date) -> None:
        """The relapse starts a new ladder (the reopened entry's new deadline), naming what was found again."""
        story = self.story
        hazard = story.hazard("L")
        deliveries.stage_delivered(
            story.stack, story.people.admin, subject=deliveries.hazard_subject(hazard["id"], deadline),
            stage="remind_3d", link=f"/hazards/{hazard['id']}", expected=self.expected["remind_3d"],
            words=self._words(hazard["description"]), on=story.stack.clock.today())

    def each_stage_once(self) -> None:
        """L's first ladder, whole: every stage on its day, to exactly the people of the default ladder, each
        notification once; E's ladder only ever ran to its extended deadline."""
        story = self.story
        rows = deliveries.ladder_rows(story.people.admin, self.subject)
        got = Counter((row["stage"], row["recipient"], row["channel"]) for row in rows)
        want = Counter((stage, recipient.key, channel) for stage in STAGES
                       for recipient, channels in self.expected[stage].items() for channel in channels)
        assert got == want, (sorted(got.items()), sorted(want.items()))
        for row in rows:
            assert story.calendar.number(deliveries.created_on(row)) == self.stage_days[row["stage"]], row
            assert row["status"] == "sent", row
        emails = [row for row in rows if row["channel"] == "email"]
        assert {row["stage"] for row in emails} == {"overdue_3wd", "overdue_7wd"}
        for row in emails:
            assert len(story.stack.mail.with_message_id(f"<{row['id']}@eldersafe.invalid>")) == 1, row
        for row in (row for row in rows if row["channel"] == "sms"):
            assert sum(f"(out_id {row['id']})" in line for line in story.stack.sms_lines()) == 1, row
        e_old = deliveries.hazard_subject(story.hazards["E"]["id"], story.day(E_DEADLINE))
        assert not deliveries.ladder_rows(story.people.admin, e_old), "E's original ladder ran after its extension"
