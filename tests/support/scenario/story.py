"""The scenario's state and its reads: the campaign, its facilities and hazards, the classification and the survey
report as the roles see them; and the day-by-day clock, each move waited for until the notification worker has
run the day's jobs."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .actors import Actor, People, eventually
from .calendar import Calendar
from .report import Recorded, Records
from .stack import Stack
from .survey import Finding, ledger_entries

# The campaign (day numbers; day 0 a Monday): its phases, its hazards' deadline days (not the platform's 7/30), and
# the follow-up visit's delay after the last sign-off (so that it falls in the review phase).
PHASES = {"survey": (0, 6), "rectification": (7, 41), "review": (42, 63)}
LAST_DAY = 64  # the morning after the review phase ends
DEADLINE_DAYS = {"major": 5, "ordinary": 12}
FOLLOW_UP_DELAY = 18
# The facilities with a part to play (the demo district's): the demo facility manager's own; one to suspend; one
# that passes (and receives residents); one only the fire department inspected.
MANAGED, SUSPENDED, PASSED, PARTLY = "松鹤颐养院", "竹园老年公寓", "青松康养中心", "金秋养老院"
# The notification worker logs each run of the escalation tick with the business time it ran at.
_TICK = re.compile(r" tick (\d{4}-\d\d-\d\dT\S+?): \d+ due")


@dataclass
class Story:
    stack: Stack
    people: People
    calendar: Calendar
    facilities: dict[str, dict[str, Any]]  # by name, as the registry lists them
    records: Records
    campaign_id: str = ""
    tasks: dict[str, dict[str, Any]] = field(default_factory=dict)
    hazards: dict[str, dict[str, Any]] = field(default_factory=dict)  # ledger entries by the scenario's names
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)  # supervision orders by hazard name
    day_log: list[tuple[int, float]] = field(default_factory=list)  # (day, real seconds spent on it)

    def day(self, number: int) -> date:
        return self.calendar.day(number)

    def fid(self, name: str) -> str:
        return str(self.facilities[name]["id"])

    # --- the clock ------------------------------------------------------------------------------------------

    def _ticks(self) -> list[datetime]:
        return [datetime.fromisoformat(stamp) for stamp in _TICK.findall(self.stack.platform.log(
            "notification_worker"))]

    def play(self, last: int, days: dict[int, list[Callable[[], None]]]) -> None:
        """Move the clock to each morning in turn; after each move wait until the notification worker has noticed it
        (its escalation tick ran at the new time: the scheduler runs every job when the clock moves, so each day's
        jobs run on that day), then play the day's steps, if any."""
        for number in range(last + 1):
            started = time.monotonic()
            self.stack.clock.move_to(number)
            morning = self.stack.clock.at(number)
            eventually(self._ticks, lambda runs, morning=morning: any(run >= morning for run in runs),
                       what=f"the notification worker's jobs on day {number} ({self.day(number)})", timeout=90)
            for step in days.get(number, []):
                step()
            self.day_log.append((number, time.monotonic() - started))

    # --- reads ----------------------------------------------------------------------------------------------

    def hazard(self, name: str) -> dict[str, Any]:
        return dict(self.people.civil_affairs_head.get(f"/api/rectification/hazards/{self.hazards[name]['id']}"))

    def hazard_until(self, name: str, accept: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        return eventually(lambda: self.hazard(name), accept, what=f"{name}: {what}")

    def classifications(self) -> dict[str, dict[str, Any]]:
        rows = self.people.task_force_leader.get(f"/api/inspection/campaigns/{self.campaign_id}/classifications")
        return {row["facility_id"]: row for row in rows}

    def suggestion_becomes(self, facility: str, klass: str) -> dict[str, Any]:
        """The classification's suggestion follows the ledger (inspection keeps its copy from hazard events)."""
        fid = self.fid(facility)
        return eventually(lambda: self.classifications()[fid], lambda row: row["suggested_class"] == klass,
                          what=f"the suggestion for {facility} to become {klass}")

    def report(self) -> dict[str, Any]:
        return dict(self.people.civil_affairs_head.get(f"/api/inspection/campaigns/{self.campaign_id}/survey-report"))

    def record(self, facility: str, departments: list[str], findings: tuple[Finding, ...],
               inspection: dict[str, Any]) -> None:
        """Keep what a submitted inspection covered and found, and the ledger entry of each finding."""
        self.records.inspected(facility, departments)
        if not findings:
            return
        entries = ledger_entries(self.people.civil_affairs_head, inspection)
        for finding in findings:
            entry = entries[finding.item]
            assert (entry["severity"], entry["description"]) == (finding.severity, finding.description), entry
            department = next(f["department"] for f in inspection["findings"] if f["item_code"] == finding.item)
            self.records.findings.append(Recorded(finding.name, facility, department, finding.severity))
            self.hazards.setdefault(finding.name, entry)

    def residents(self, facility: str) -> list[dict[str, Any]]:
        page = self.people.civil_affairs_head.get(f"/api/registry/facilities/{self.fid(facility)}/residents",
                                                  params={"page_size": 100})
        return list(page["items"])


def facilities_by_name(reader: Actor) -> dict[str, dict[str, Any]]:
    """The district's facilities as the registry lists them, by name."""
    page = reader.get("/api/registry/facilities", params={"page_size": 100})
    return {row["name"]: row for row in page["items"]}
