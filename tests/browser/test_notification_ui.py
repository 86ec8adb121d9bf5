"""Notifications in a real browser: a supervision order reaches the fire head's bell through the notification
worker; reading it clears the badge and opens the board; the admin finds the messages in the delivery log and
sets quiet hours."""

from __future__ import annotations

import time
from datetime import timedelta

import httpx
import pytest
from playwright.sync_api import Browser, expect

from eldersafe_common import clock
from tests.browser.conftest import SCREENSHOTS, login
from tests.support.platform import Platform
from tests.support.survey import bearer, record_failed_inspection

pytestmark = pytest.mark.browser


def _unread(platform: Platform, token: str) -> int:
    answer = httpx.get(f"{platform.base_url}/api/notification/inbox/unread-count", headers=bearer(token))
    answer.raise_for_status()
    return int(answer.json()["unread"])


def _hazard_id(platform: Platform, token: str, campaign_id: str) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        items = httpx.get(f"{platform.base_url}/api/rectification/hazards", params={"campaign_id": campaign_id},
                          headers=bearer(token)).json()["items"]
        if items:
            return str(items[0]["id"])
        time.sleep(0.3)
    raise AssertionError("the hazard never reached the ledger")


def test_order_notice_bell_inbox_and_delivery_log(browser: Browser, platform: Platform) -> None:
    api = platform.base_url
    recorded = record_failed_inspection(platform, campaign_name=f"通知浏览器测试 {time.time_ns()}", key="notify-ui")
    leader, fire_head = platform.login("task_force_leader"), platform.login("fire_head")
    hazard_id = _hazard_id(platform, leader, recorded.campaign_id)
    before = _unread(platform, fire_head)
    issued = httpx.post(f"{api}/api/rectification/supervision-orders", headers=bearer(leader), json={
        "hazard_ids": [hazard_id], "level": "district", "supervisor_name": "消防救援大队 王科长",
        "deadline": (clock.china_today() + timedelta(days=10)).isoformat(), "requirements": "十日内清理疏散通道并复查"})
    assert issued.status_code == 201, issued.text
    deadline = time.monotonic() + 30  # the notification worker reads supervision_order.issued
    while _unread(platform, fire_head) <= before:
        assert time.monotonic() < deadline, "the order notice never reached the fire head's inbox"
        time.sleep(0.3)

    context = browser.new_context(base_url=api, locale="zh-CN", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, "fire_head")
    badge = page.get_by_test_id("bell-badge")
    expect(badge).to_have_attribute("data-count", str(before + 1))
    page.get_by_test_id("notification-bell").click()
    item = page.locator('[data-testid="bell-item"][data-unread="true"]').first
    expect(item).to_contain_text("督办")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "notification-bell.png"))
    item.click()
    page.wait_for_url("**/supervision")
    expect(badge).to_have_attribute("data-count", str(before))
    context.close()

    context = browser.new_context(base_url=api, locale="zh-CN", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, "admin")
    page.goto("/notification/deliveries?rule_key=supervision_order.deadline")
    rows = page.get_by_test_id("delivery-row")
    expect(rows.first).to_be_visible()
    page.get_by_test_id("delivery-open").first.click()
    expect(page.get_by_test_id("delivery-drawer")).to_be_visible()
    expect(page.get_by_test_id("delivery-attempt").first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "notification-delivery-log.png"))
    context.close()

    log = httpx.get(f"{api}/api/notification/deliveries", params={"rule_key": "supervision_order.deadline"},
                    headers=bearer(platform.login("admin"))).json()
    notices = [row for row in log["items"] if row["stage"] == "issued"]
    assert {row["channel"] for row in notices} >= {"sms", "inbox"}
    # Every issued notice is recorded once: the unique key (rule, subject, stage, recipient, channel) holds.
    keys = [(row["subject"], row["recipient"], row["channel"]) for row in notices]
    assert len(keys) == len(set(keys))
