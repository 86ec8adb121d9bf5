"""Rectification in a real browser: the facility manager uploads evidence from a phone, another person of
the owning department accepts, the head signs the hazard off."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import SCREENSHOTS, login
from tests.support.platform import Platform
from tests.support.survey import bearer, png, record_failed_inspection

pytestmark = pytest.mark.browser


def _ledger_entry(platform: Platform, facility_id: str, token: str) -> dict:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        page = httpx.get(f"{platform.base_url}/api/rectification/hazards", headers=bearer(token),
                         params={"facility_id": facility_id}).json()
        if page.get("items"):
            return dict(page["items"][0])
        time.sleep(0.3)
    raise AssertionError("the hazard never reached the ledger")


def _confirm_box(page: Page) -> None:
    page.locator(".el-message-box__btns .el-button--primary").click()


def test_evidence_acceptance_and_sign_off(browser: Browser, platform: Platform, tmp_path: Path) -> None:
    manager_token = platform.login("facility_manager")
    facility_id = httpx.get(f"{platform.base_url}/api/auth/me", headers=bearer(manager_token)).json()["facility"]
    record_failed_inspection(platform, facility_id=facility_id, campaign_name="整改浏览器测试", key="rect-ui")
    hazard = _ledger_entry(platform, facility_id, platform.login("fire_head"))
    evidence = tmp_path / "fixed.png"
    evidence.write_bytes(png((40, 160, 60)))

    phone = browser.new_context(base_url=platform.base_url, locale="zh-CN", viewport={"width": 360, "height": 740},
                                is_mobile=True, has_touch=True)
    manager = phone.new_page()
    manager.set_default_timeout(15_000)
    login(manager, "facility_manager")
    manager.goto(f"/hazards/{hazard['id']}")
    manager.get_by_test_id("hazard-start").click()
    _confirm_box(manager)
    expect(manager.get_by_test_id("hazard-state")).to_contain_text("整改中")
    manager.get_by_test_id("evidence-file-input").set_input_files(str(evidence))
    manager.get_by_test_id("evidence-upload-button").click()
    expect(manager.get_by_test_id("evidence-row")).to_have_count(1)
    manager.get_by_test_id("hazard-submit").click()
    _confirm_box(manager)
    expect(manager.get_by_test_id("hazard-state")).to_contain_text("待验收")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    manager.screenshot(path=str(SCREENSHOTS / "rectification_phone_submitted.png"), full_page=True)
    phone.close()

    desk = browser.new_context(base_url=platform.base_url, locale="zh-CN", viewport={"width": 1440, "height": 900})
    inspector = desk.new_page()
    inspector.set_default_timeout(15_000)
    login(inspector, "fire_staff")
    inspector.goto(f"/hazards/{hazard['id']}")
    inspector.get_by_test_id("hazard-accept").click()
    _confirm_box(inspector)
    expect(inspector.get_by_test_id("hazard-state")).to_contain_text("已验收")
    desk.close()

    desk = browser.new_context(base_url=platform.base_url, locale="zh-CN", viewport={"width": 1440, "height": 900})
    head = desk.new_page()
    head.set_default_timeout(15_000)
    login(head, "fire_head")
    head.goto(f"/hazards/{hazard['id']}")
    head.get_by_test_id("hazard-sign-off").click()
    _confirm_box(head)
    expect(head.get_by_test_id("hazard-state")).to_contain_text("已销号")
    expect(head.get_by_test_id("hazard-basic")).to_contain_text("消防检查员")  # the finder by name, not an id
    head.screenshot(path=str(SCREENSHOTS / "rectification_signed_off.png"), full_page=True)
    desk.close()

    final = httpx.get(f"{platform.base_url}/api/rectification/hazards/{hazard['id']}",
                      headers=bearer(platform.login("fire_head"))).json()
    assert final["state"] == "signed_off"
