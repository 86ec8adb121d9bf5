"""The demo district in the middle of its campaign (``python -m deploy.demo.campaign``, run by ``make seed``): on a
fresh platform seeded as ``make run`` seeds it, every promise of the demo holds when read through the gateway as
the demo accounts would read it, and a second run changes nothing."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from deploy.demo.campaign import CAMPAIGN_NAME, DEMO_RECEIPT
from eldersafe_common import clock
from tests.support.platform import DEMO_CAMPAIGN, ROOT, Platform, running_platform

pytestmark = pytest.mark.e2e

ACCOUNTS = [entry["username"] for entry in json.loads((ROOT / "deploy/demo/district.json").read_text())["accounts"]]
LADDER = ("remind_3d", "remind_1d", "due_day", "overdue_3wd", "overdue_7wd")


class Demo:
    """The running demo platform, read as its accounts (each signed in once)."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self._tokens: dict[str, str] = {}

    def get(self, username: str, path: str, **params: Any) -> Any:
        if username not in self._tokens:
            self._tokens[username] = self.platform.login(username)
        response = httpx.get(f"{self.platform.base_url}{path}", params=params, timeout=30,
                             headers={"Authorization": f"Bearer {self._tokens[username]}"})
        assert response.status_code == 200, f"{username} {path}: {response.status_code} {response.text[:500]}"
        return response.json()

    def every(self, username: str, path: str, **params: Any) -> list[dict[str, Any]]:
        """Every item of a paged list."""
        items: list[dict[str, Any]] = []
        page = 1
        while True:
            answer = self.get(username, path, page=page, page_size=100, **params)
            items += answer["items"]
            if len(items) >= answer["total"] or not answer["items"]:
                return items
            page += 1

    def campaign(self) -> dict[str, Any]:
        campaigns = self.get("civil_affairs_head", "/api/inspection/campaigns")["items"]
        return next(campaign for campaign in campaigns if campaign["name"] == CAMPAIGN_NAME)


@pytest.fixture(scope="module")
def demo(run_dir: Path) -> Iterator[Demo]:
    with running_platform(run_dir / "demo-campaign", demo_campaign=True) as platform:
        yield Demo(platform)


def test_the_campaign_is_in_its_rectification_phase_with_the_survey_mostly_done(demo: Demo) -> None:
    campaign = demo.campaign()
    today = clock.china_today()
    assert campaign["current_phase"] == "rectification"
    assert (today - date.fromisoformat(campaign["survey_start"])).days >= 28  # it started weeks ago
    coverage = demo.get("civil_affairs_head", f"/api/inspection/campaigns/{campaign['id']}/coverage")
    not_inspected = [f for f in coverage["facilities"] if not f["departments_done"]]
    fully = [f for f in coverage["facilities"] if not f["departments_missing"]]
    assert 2 <= len(not_inspected) <= 5 and len(fully) >= 10, coverage
    inspections = demo.every("civil_affairs_head", "/api/inspection/inspections", campaign_id=campaign["id"])
    modes = Counter(inspection["mode"] for inspection in inspections)
    assert {"announced", "tip_check", "follow_up", "surprise", "self_check"} <= set(modes), modes
    joint = [i for i in inspections if len(i["departments"]) > 1]
    assert len(joint) >= 10 and len({d for i in inspections for d in i["departments"]}) == 7


def test_hazards_are_in_every_state_and_overdue_at_every_stage_of_the_ladder(demo: Demo) -> None:
    hazards = demo.every("civil_affairs_head", "/api/rectification/hazards")
    states = Counter(hazard["state"] for hazard in hazards)
    assert {"open", "in_progress", "submitted", "accepted", "signed_off"} <= set(states), states
    assert any(h["state"] == "in_progress" and h["rejection_reason"] for h in hazards), "none rejected"
    assert any(h["relapse"] for h in hazards), "none relapsed"
    assert any(h["escalated_stage"] == "overdue_7wd" for h in hazards), "none flagged for a supervision order"
    # The furthest stage each hazard's ladder reached, from the delivery log.
    reached: dict[str, int] = {}
    for row in demo.every("admin", "/api/notification/deliveries", rule_key="hazard.deadline", channel="inbox"):
        hazard_id = row["subject"].removeprefix("hazard:").split("@")[0]
        if row["stage"] in LADDER:  # an admin's own ladder may have more stages
            reached[hazard_id] = max(reached.get(hazard_id, -1), LADDER.index(row["stage"]))
    overdue_at = Counter(LADDER[reached[h["id"]]] for h in hazards if h["overdue"] and h["id"] in reached)
    assert {"due_day", "overdue_3wd", "overdue_7wd"} <= set(overdue_at), overdue_at
    coming = Counter(LADDER[reached[h["id"]]] for h in hazards if not h["overdue"] and h["id"] in reached
                     and h["state"] in ("open", "in_progress"))
    assert {"remind_3d", "remind_1d"} & set(coming), coming
    # Each stage reached its people's inboxes.
    for username, stage in (("community_officer", "due_day"), ("subdistrict_head", "overdue_3wd"),
                            ("task_force_leader", "overdue_7wd")):
        stages = {item["stage"] for item in demo.every(username, "/api/notification/inbox")}
        assert stage in stages, (username, stages)


def test_orders_classes_plans_relocation_and_follow_ups(demo: Demo) -> None:
    orders = demo.get("task_force_leader", "/api/rectification/supervision-orders")["items"]
    assert sorted(order["light"] for order in orders if order["state"] == "open") == ["red", "yellow"]
    campaign = demo.campaign()
    classes = demo.get("task_force_leader", f"/api/inspection/campaigns/{campaign['id']}/classifications")
    decided = {row["facility_id"]: row["decided_class"] for row in classes if row["decided_class"]}
    assert Counter(decided.values())["shutdown"] == 1 and Counter(decided.values())["suspend"] == 1
    assert any(row["decided_class"] is None for row in classes), "the deputy has nothing left to decide"
    plans = demo.get("task_force_leader", "/api/rectification/plans")["items"]
    suspended = next(plan for plan in plans if plan["decision"] == "suspend")
    assert suspended["state"] == "approved" and decided[suspended["facility_id"]] == "suspend"
    assert suspended["relocated"] > 0 and suspended["remaining"] > 0  # partly relocated
    assert any(plan["decision"] == "shutdown" and plan["state"] == "draft" for plan in plans)
    today = clock.china_today()
    follow_ups = demo.get("civil_affairs_head", "/api/rectification/follow-ups")["items"]
    assert any(date.fromisoformat(f["due_date"]) >= today for f in follow_ups), follow_ups
    tasks = demo.every("civil_affairs_head", "/api/inspection/tasks", status="planned")
    assert any(task["mode"] == "follow_up" and task["assignees"] for task in tasks)


def test_tips_are_in_every_state_a_reward_was_paid_and_the_demo_receipt_opens_its_tip(demo: Demo) -> None:
    tips = demo.every("civil_affairs_head", "/api/inspection/tips")
    assert {"received", "assigned", "duplicate", "closed", "verified", "unfounded"} <= {t["status"] for t in tips}
    rewards = Counter(r["status"] for r in demo.get("reward_custodian", "/api/inspection/rewards")["items"])
    assert rewards["paid"] == 1 and rewards["approved"] >= 1, rewards
    response = httpx.post(f"{demo.platform.base_url}/api/inspection/public/tips/status",
                          json={"receipt": DEMO_RECEIPT})
    assert response.status_code == 200, response.text
    view = response.json()
    assert view["status"] == "verified" and view["reward_status"] == "paid" and view["hazards"]
    assert {m["author"] for m in view["messages"]} == {"reporter", "department"}


def _to_do(demo: Demo, username: str) -> dict[str, int]:
    """What the account's own pages put in front of it."""
    get = demo.get
    if username == "reward_custodian":  # its desk is the rewards list alone
        return {"rewards to pay": get(username, "/api/inspection/rewards", status="approved")["total"]}
    if username == "facility_manager":
        return {"own hazards open": get(username, "/api/rectification/hazards", state="open")["total"],
                "unread": get(username, "/api/notification/inbox/unread-count")["unread"]}
    if username.endswith("_staff"):
        return {"my tasks": get(username, "/api/inspection/tasks", mine="true", status="planned")["total"]}
    if username.endswith("_head") and not username.startswith(("subdistrict", "community")):
        return {"unread": get(username, "/api/notification/inbox/unread-count")["unread"]}
    if username == "admin":
        return {"delivery log": get(username, "/api/notification/deliveries")["total"]}
    if username == "task_force_leader":
        return {"unread": get(username, "/api/notification/inbox/unread-count")["unread"],
                "plans to approve": get(username, "/api/rectification/plans", state="draft")["total"]}
    if username == "task_force_deputy":
        campaign = demo.campaign()
        rows = get(username, f"/api/inspection/campaigns/{campaign['id']}/classifications")
        return {"facilities to classify": sum(row["decided_class"] is None for row in rows)}
    # Sub-district, community and task force members watch their area's ledger.
    return {"overdue in area": get(username, "/api/rectification/hazards", overdue="true")["total"]}


def test_every_demo_account_has_something_to_do(demo: Demo) -> None:
    idle = {username: counts for username in ACCOUNTS if not all((counts := _to_do(demo, username)).values())}
    assert idle == {}


@pytest.mark.browser
def test_home_pages_show_what_waits_in_a_real_browser(demo: Demo) -> None:
    """我的待办 on the home page (a facility manager's: their facility's page, on a phone) with the story's counts."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, FLAGS, SCREENSHOTS, login

    if not (ROOT / "frontend/dist/index.html").exists():
        pytest.fail("the SPA is not built: run `make frontend`")
    expected = {"fire_staff": ("myTasks", "/tasks"), "task_force_leader": ("plansToApprove", "/plans"),
                "facility_manager": ("ownHazards", "/my-hazards"), "civil_affairs_staff": ("tipsToTriage", "/tips")}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for username, (kind, path) in expected.items():
            phone = username == "facility_manager"
            context = browser.new_context(base_url=demo.platform.base_url, locale="zh-CN", timezone_id="Asia/Shanghai",
                                          viewport={"width": 375, "height": 812} if phone else
                                          {"width": 1440, "height": 900})
            page = context.new_page()
            page.set_default_timeout(15_000)
            login(page, username)
            card = page.get_by_test_id(f"todo-{kind}")
            card.wait_for()
            assert int(card.locator(".todo-count").inner_text()) > 0
            assert page.get_by_test_id("todo-unread").is_visible() or username == "civil_affairs_staff"
            page.screenshot(path=str(SCREENSHOTS / f"demo-home-{username}.png"), full_page=True)
            card.click()
            page.wait_for_url(f"**{path}**")
            context.close()
        browser.close()



def _china_today(demo: Demo) -> str:
    """Today in China on the running platform's business clock (what the SPA counts tasks by)."""
    now = httpx.get(f"{demo.platform.base_url}/api/clock", timeout=30).json()["now"]
    return datetime.fromisoformat(now).astimezone(timezone(timedelta(hours=8))).date().isoformat()


def _home_blocks(demo: Demo, username: str) -> dict[str, int]:
    """Each home block of the account and the count the API gives for it (what the page must show)."""
    get = demo.get
    if username == "fire_staff":
        today = date.fromisoformat(_china_today(demo))
        sunday = today + timedelta(days=6 - today.weekday())
        due = [date.fromisoformat(task["due_date"]) for status in ("planned", "in_progress")
               for task in demo.every(username, "/api/inspection/tasks", mine="true", status=status)]
        me = get(username, "/api/auth/me")["id"]
        drafts = [row for row in demo.every(username, "/api/inspection/inspections", status="draft", department="fire")
                  if row["created_by"] == me and not row["self_check"]]
        return {"tasksToday": sum(day <= today for day in due), "tasksWeek": sum(today < day <= sunday for day in due),
                "drafts": len(drafts)}
    if username == "facility_manager":
        return {"facilityHazards": sum(get(username, "/api/rectification/hazards", state=state)["total"]
                                       for state in ("open", "in_progress", "submitted"))}
    if username == "fire_head":
        hazards = "/api/rectification/hazards"
        return {"deptOverdue": get(username, hazards, department="fire", overdue="true")["total"],
                "deptOpen": sum(get(username, hazards, department="fire", state=state)["total"]
                                for state in ("open", "in_progress")),
                "deptToAccept": get(username, hazards, department="fire", state="submitted")["total"]}
    return {"rewardsToPay": get(username, "/api/inspection/rewards", status="approved")["total"]}


@pytest.mark.browser
def test_each_role_has_its_own_home_page_in_a_real_browser(demo: Demo) -> None:
    """Issue 13: the fire inspector and the facility manager on phones, the fire head and the reward custodian at
    a desk, each on its home page with its blocks and the demo's counts (no horizontal scroll on the phones)."""
    from playwright.sync_api import expect, sync_playwright

    from tests.browser.conftest import CHROMIUM, FLAGS, SCREENSHOTS, login

    if not (ROOT / "frontend/dist/index.html").exists():
        pytest.fail("the SPA is not built: run `make frontend`")
    phones = {"fire_staff", "facility_manager"}
    # What the demo's story guarantees: the facility has open hazards, the fire department overdue and open ones,
    # a reward was approved and waits for payment (the inspector's task dates depend on the weekday).
    nonzero = {"facility_manager": ["facilityHazards"], "fire_head": ["deptOverdue", "deptOpen"],
               "reward_custodian": ["rewardsToPay"]}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for username in ("fire_staff", "facility_manager", "fire_head", "reward_custodian"):
            expected = _home_blocks(demo, username)
            for kind in nonzero.get(username, []):
                assert expected[kind] > 0, (username, kind, expected)
            phone = username in phones
            context = browser.new_context(base_url=demo.platform.base_url, locale="zh-CN", timezone_id="Asia/Shanghai",
                                          viewport={"width": 375, "height": 812} if phone else
                                          {"width": 1440, "height": 900}, is_mobile=phone, has_touch=phone)
            page = context.new_page()
            page.set_default_timeout(20_000)
            login(page, username)
            page.wait_for_url(f"{demo.platform.base_url}/")
            for kind, count in expected.items():
                block = page.get_by_test_id(f"block-{kind}")
                expect(block.get_by_test_id("block-count")).to_have_text(str(count))
                expect(block.get_by_test_id("block-item")).to_have_count(min(count, 5))
            if username == "facility_manager":
                acknowledgements = page.get_by_test_id("block-acknowledgements")
                expect(acknowledgements.get_by_test_id("block-count")).to_be_visible()
                first = page.get_by_test_id("block-facilityHazards").get_by_test_id("block-item").first
                expect(first.locator(".el-tag")).not_to_have_text("")
            expect(page.get_by_test_id("block-failed")).to_have_count(0)
            if phone:
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), username
            page.screenshot(path=str(SCREENSHOTS / f"demo-home13-{username}.png"), full_page=True)
            first_kind = next(iter(expected))
            page.get_by_test_id(f"block-{first_kind}-more").click()
            page.wait_for_url(lambda url: url.rstrip("/") != demo.platform.base_url)
            context.close()
        browser.close()


def _snapshot(demo: Demo) -> dict[str, int]:
    paths = ("/api/inspection/campaigns", "/api/inspection/inspections", "/api/inspection/tasks",
             "/api/inspection/tips", "/api/rectification/hazards", "/api/rectification/supervision-orders",
             "/api/notification/deliveries", "/api/rectification/follow-ups")
    return {path: demo.get("admin", path)["total"] for path in paths}


def test_a_second_run_changes_nothing(demo: Demo) -> None:
    before = _snapshot(demo)
    result = subprocess.run(DEMO_CAMPAIGN, env=demo.platform.env, cwd=ROOT, capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "already there" in result.stdout
    assert _snapshot(demo) == before
