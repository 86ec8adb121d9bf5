"""The whole campaign as one test (issue 11): real processes, every call through the gateway as the demo accounts,
the business clock moved morning by morning across 65 days — a survey week, a rectification phase with a weekend
and a holiday inside the deadline ladder, a review phase with the follow-up visit — on SQLite, or on PostgreSQL
when ``ELDERSAFE_TEST_SCENARIO_DATABASE_URL`` names a server (a database is created for the run).

Day 0 is a Monday. The campaign: fire, health and housing; survey days 0–6, rectification 7–41, review 42–63; a
major hazard has 5 days, an ordinary one 12 (not the platform's 7/30). Day 10, a Thursday, is a holiday.

- 松鹤颐养院 (the demo facility manager's): a joint fire+health task, each department its own inspection; health
  finds an ordinary hazard (E: extended, rectified), fire a major one (L, due day 9: every stage of the ladder with
  the weekend and the holiday, escalated and put under supervision, rejected once, accepted by the fire head,
  signed off by the civil-affairs head, visited again in the review phase and found again: a relapse).
- 竹园老年公寓: fire finds a major hazard (S); classified suspend; the plan drafted from the classification is
  completed and approved; every resident relocated (to the suggested receiving facility and to family); suspended.
- 青松康养中心: one joint visit of the three departments, an ordinary hazard (P); classified pass; receives residents.
- 金秋养老院: only fire came (an ordinary hazard N): not inspected by every department of the campaign.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from eldersafe_common import clock
from tests.support.scenario.calendar import scenario_calendar
from tests.support.scenario.campaign import Scenario
from tests.support.scenario.stack import scenario_stack
from tests.support.scenario.story import LAST_DAY

pytestmark = [pytest.mark.e2e, pytest.mark.scenario]


def test_a_campaign_from_creation_to_its_last_follow_up_visit(tmp_path: Path) -> None:
    started = time.monotonic()
    calendar = scenario_calendar(real_today=clock.china_today(clock.wall_now()), last=LAST_DAY, holiday=10,
                                 outside=20)
    with scenario_stack(tmp_path / "scenario", day0=calendar.day0) as stack, \
            httpx.Client(base_url=stack.api, timeout=30) as client:
        ready = time.monotonic()
        scenario = Scenario.begin(stack, calendar, client)
        scenario.story.play(LAST_DAY, scenario.days())
        scenario.finish()
        played = time.monotonic()
    slowest = sorted(scenario.story.day_log, key=lambda entry: -entry[1])[:5]
    print(f"\nscenario on {stack.platform.env['ELDERSAFE_DATABASE_URL'].split(':')[0]}: platform ready in "
          f"{ready - started:.0f}s, {LAST_DAY + 1} days ({calendar.day(0)} to {calendar.day(LAST_DAY)}) played in "
          f"{played - ready:.0f}s, {played - started:.0f}s in all; slowest days "
          f"{[(day, round(seconds, 1)) for day, seconds in slowest]}")
