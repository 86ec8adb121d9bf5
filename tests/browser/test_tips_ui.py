"""Tip-offs in a real browser: a member of the public reports from a phone (facility search, a photo, a contact
with consent) and keeps the receipt; the receipt on the status page shows the tip received; civil affairs finds
it in the triage queue and assigns it to the fire department. Then the reward screens: for a tip whose check
found a major hazard, the fire department proposes a reward, its head approves it, and the custodian reads the
reporter's contact and records the payout."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from eldersafe_common import clock
from tests.browser.conftest import SCREENSHOTS, login
from tests.support.platform import ROOT, Platform
from tests.support.survey import answer, bearer, create_campaign, png

pytestmark = pytest.mark.browser

# The brief asks for the phone screenshots beside the SPA too (git-ignored), so they can be looked at.
PHONE_SHOTS = ROOT / "frontend" / "screenshots"
CONTACT = "13800001234"
DESCRIPTION = "夜里看到护理院二楼的安全出口被铁链锁住，走廊里堆着床垫，老人无法通行"


def _shot(page: Page, name: str) -> None:
    for folder in (SCREENSHOTS, PHONE_SHOTS):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name), full_page=True)


def _phone(browser: Browser, platform: Platform) -> Page:
    context = browser.new_context(base_url=platform.base_url, locale="zh-CN", viewport={"width": 375, "height": 740},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def _report(page: Page, photo: Path) -> tuple[str, str]:
    """Submit a tip on /tip and return (case number, receipt digits)."""
    page.goto("/tip")
    expect(page.get_by_test_id("tip-submit-page")).to_be_visible()
    # The page leaves nothing on the device.
    assert page.evaluate("document.cookie") == ""
    assert page.locator('meta[name="referrer"]').get_attribute("content") == "no-referrer"
    search = page.get_by_test_id("tip-facility-search")
    search.fill("桂园")
    option = page.get_by_test_id("tip-facility-option").filter(has_text="桂园护理院")
    option.first.click()
    expect(page.get_by_test_id("tip-facility-selected")).to_contain_text("桂园护理院")
    page.get_by_test_id("tip-category-fire").click()
    page.get_by_test_id("tip-description").fill(DESCRIPTION)
    expect(page.get_by_test_id("tip-description-count")).to_have_text(f"{len(DESCRIPTION)}/2000")
    page.get_by_test_id("tip-photo-input").set_input_files(str(photo))
    expect(page.get_by_test_id("tip-photo-preview")).to_have_count(1)
    page.get_by_test_id("tip-contact").fill("13800001234")
    page.get_by_test_id("tip-consent").check()
    _shot(page, "tips_phone_form.png")
    page.get_by_test_id("tip-submit").click()
    expect(page.get_by_test_id("tip-receipt-page")).to_be_visible()
    groups = page.get_by_test_id("tip-receipt").locator("span").all_inner_texts()
    assert len(groups) == 4 and all(re.fullmatch(r"\d{4}", group) for group in groups), groups
    expect(page.get_by_test_id("tip-receipt-warning")).to_contain_text("只显示这一次")
    number = page.get_by_test_id("tip-number").inner_text()
    receipt = "".join(groups)
    assert receipt not in page.url
    assert page.evaluate("JSON.stringify(Object.assign({}, localStorage, sessionStorage))") == "{}"
    _shot(page, "tips_phone_receipt.png")
    return number, receipt


def _check_status(page: Page, receipt: str) -> None:
    page.get_by_test_id("tip-go-status").click()
    expect(page).to_have_url(re.compile(r"/tip/status$"))
    page.get_by_test_id("tip-receipt-input").fill(" ".join(receipt[i:i + 4] for i in range(0, 16, 4)))
    page.get_by_test_id("tip-status-submit").click()
    expect(page.get_by_test_id("tip-status")).to_have_attribute("data-status", "received")
    expect(page.get_by_test_id("tip-status")).to_have_text("已受理")
    assert receipt not in page.url
    _shot(page, "tips_phone_status.png")
    # A fresh load of the status page knows no receipt: it lived in memory only.
    page.goto("/tip/status")
    expect(page.get_by_test_id("tip-receipt-input")).to_have_value("")


def _wait_for_facility(platform: Platform, name: str = "桂园护理院") -> str:
    """The inspection worker learns facilities from registry events: wait until the public search knows it."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = httpx.get(f"{platform.base_url}/api/inspection/public/facilities", params={"q": name[:2]})
        match = [row for row in found.json() if row["name"] == name]
        if match:
            return str(match[0]["facility_id"])
        time.sleep(0.5)
    raise AssertionError(f"the public facility search never found {name}")


def test_public_tip_from_a_phone_then_triage(browser: Browser, platform: Platform, tmp_path: Path) -> None:
    _wait_for_facility(platform)
    head = platform.login("civil_affairs_head")
    create_campaign(platform, head, name="举报核查浏览器测试", departments=["fire"])
    photo = tmp_path / "exit.png"
    photo.write_bytes(png((200, 40, 40)))

    phone = _phone(browser, platform)
    number, receipt = _report(phone, photo)
    _check_status(phone, receipt)
    phone.context.close()

    desk = browser.new_context(base_url=platform.base_url, locale="zh-CN", viewport={"width": 1440, "height": 900})
    triager = desk.new_page()
    triager.set_default_timeout(20_000)
    login(triager, "civil_affairs_staff")
    triager.get_by_test_id("menu-tips").click()
    expect(triager.get_by_test_id("tip-queue-page")).to_be_visible()
    link = triager.get_by_test_id("tip-link").filter(has_text=number)
    expect(link).to_have_count(1)
    link.click()
    expect(triager.get_by_test_id("tip-state")).to_have_attribute("data-state", "received")
    expect(triager.get_by_test_id("tip-description")).to_have_text(DESCRIPTION)
    expect(triager.get_by_test_id("tip-photo")).to_have_count(1)  # fetched with the session, shown as a blob URL
    expect(triager.get_by_test_id("tip-has-contact")).to_have_attribute("data-value", "true")
    assert "13800001234" not in triager.content()
    triager.get_by_test_id("tip-assign").click()
    triager.get_by_test_id("tip-assign-department").click()
    triager.get_by_test_id("tip-assign-department-fire").click()
    triager.get_by_test_id("tip-assign-submit").click()
    expect(triager.get_by_test_id("tip-state")).to_have_attribute("data-state", "assigned")
    expect(triager.get_by_test_id("tip-basic")).to_contain_text("消防")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    triager.screenshot(path=str(SCREENSHOTS / "tips_assigned.png"), full_page=True)
    desk.close()

    answer = httpx.post(f"{platform.base_url}/api/inspection/public/tips/status", json={"receipt": receipt})
    assert answer.status_code == 200 and answer.json()["status"] == "assigned", answer.text
    fire = httpx.get(f"{platform.base_url}/api/inspection/tips", headers=bearer(platform.login("fire_staff")),
                     params={"q": number})
    assert [row["assigned_department"] for row in fire.json()["items"]] == ["fire"], fire.text


def _desk(browser: Browser, platform: Platform, username: str) -> Page:
    context = browser.new_context(base_url=platform.base_url, locale="zh-CN", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    login(page, username)
    return page


def _verified_tip(platform: Platform) -> tuple[dict[str, Any], str]:
    """Through the API: a tip with a consented contact, assigned to fire, whose check fails a major item."""
    api = platform.base_url
    facility_id = _wait_for_facility(platform, "松鹤颐养院")
    head = platform.login("civil_affairs_head")
    create_campaign(platform, head, name="举报奖励浏览器测试", departments=["fire"])
    sent = httpx.post(f"{api}/api/inspection/public/tips", data={
        "category": "fire", "description": "松鹤颐养院厨房旁的灭火器全部过期，消防通道被杂物堵死",
        "facility_id": facility_id, "contact": CONTACT, "contact_consent": "true"})
    assert sent.status_code == 201, sent.text
    queue = httpx.get(f"{api}/api/inspection/tips", params={"q": sent.json()["number"]}, headers=bearer(head)).json()
    (summary,) = queue["items"]
    tip = httpx.post(f"{api}/api/inspection/tips/{summary['id']}/assign", headers=bearer(head),
                     json={"department": "fire", "version": 1}).json()
    fire = platform.login("fire_staff")
    photo = httpx.post(f"{api}/api/inspection/photos", headers=bearer(fire),
                       files={"file": ("exit.png", png((30, 30, 200)), "image/png")}).json()
    draft = httpx.post(f"{api}/api/inspection/inspections", headers=bearer(fire), json={
        "campaign_id": tip["campaign_id"], "facility_id": facility_id, "mode": "tip_check", "departments": ["fire"],
        "task_id": tip["task_id"], "inspectors": [{"name": "消防检查员", "department": "fire"}]})
    assert draft.status_code == 201, draft.text
    items = [item for section in draft.json()["sections"] for item in section["items"]]
    answers = [answer(item, fail=item["code"] == "FIRE-01", photo_id=photo["id"]) for item in items]
    inspection_id = draft.json()["id"]
    saved = httpx.put(f"{api}/api/inspection/inspections/{inspection_id}/answers", headers=bearer(fire),
                      json={"answers": answers})
    assert saved.status_code == 200, saved.text
    submitted = httpx.post(f"{api}/api/inspection/inspections/{inspection_id}/submit", headers=bearer(fire))
    assert submitted.status_code == 200, submitted.text
    checked = httpx.get(f"{api}/api/inspection/tips/{tip['id']}", headers=bearer(fire)).json()
    assert checked["status"] == "verified", checked
    return checked, sent.json()["receipt"]


def test_reward_proposed_approved_and_paid(browser: Browser, platform: Platform) -> None:
    tip, receipt = _verified_tip(platform)

    fire = _desk(browser, platform, "fire_staff")
    fire.goto(f"/tips/{tip['id']}")
    expect(fire.get_by_test_id("tip-hazard")).to_have_attribute("data-severity", "major")
    fire.get_by_test_id("tip-propose-reward").click()
    expect(fire.get_by_test_id("reward-basis-major_hazard").locator("input")).to_be_checked()
    fire.get_by_test_id("reward-propose-fine").fill("50000")
    expect(fire.get_by_test_id("reward-propose-estimate")).to_contain_text("7,500.00")
    fire.get_by_test_id("reward-propose-submit").click()
    expect(fire.get_by_test_id("tip-reward-status")).to_have_text("待审批")
    fire.context.close()

    head = _desk(browser, platform, "fire_head")
    head.get_by_test_id("menu-rewards").click()
    head.get_by_test_id("reward-filter-proposed").click()
    head.get_by_test_id("reward-link").filter(has_text=tip["number"]).click()
    expect(head.get_by_test_id("reward-proposed")).to_have_text("7,500.00")
    expect(head.get_by_test_id("reward-reveal-contact")).to_have_count(0)
    head.get_by_test_id("reward-approve").click()
    head.get_by_test_id("reward-action-submit").click()
    expect(head.get_by_test_id("reward-state")).to_have_attribute("data-state", "approved")
    head.context.close()

    custodian = _desk(browser, platform, "reward_custodian")
    # Its own role: its home page (the rewards to pay) and 举报奖励 are its whole desk.
    expect(custodian.get_by_test_id("block-rewardsToPay")).to_be_visible()
    expect(custodian.get_by_test_id("menu-tips")).to_have_count(0)
    expect(custodian.get_by_test_id("menu-facilities")).to_have_count(0)
    custodian.get_by_test_id("menu-rewards").click()
    custodian.get_by_test_id("reward-link").filter(has_text=tip["number"]).click()
    expect(custodian.get_by_test_id("reward-tip-number")).to_have_text(tip["number"])
    expect(custodian.get_by_test_id("reward-tip-link")).to_have_count(0)
    expect(custodian.get_by_test_id("reward-approved")).to_have_text("7,500.00")
    custodian.get_by_test_id("reward-reveal-contact").click()
    custodian.locator(".el-message-box__btns .el-button--primary").click()
    expect(custodian.get_by_test_id("reward-contact")).to_have_text(CONTACT)
    custodian.get_by_test_id("reward-contact-close").click()
    expect(custodian.get_by_test_id("reward-contact")).to_be_hidden()
    custodian.get_by_test_id("reward-payout").click()
    custodian.get_by_test_id("reward-paid-on").locator("input").fill(str(clock.china_today()))
    custodian.get_by_test_id("reward-paid-on").locator("input").press("Enter")
    custodian.get_by_test_id("reward-payout-reference").fill("HMQ-JL-2026-0101")
    custodian.get_by_test_id("reward-action-submit").click()
    expect(custodian.get_by_test_id("reward-state")).to_have_attribute("data-state", "paid")
    expect(custodian.get_by_test_id("reward-basic")).to_contain_text("HMQ-JL-2026-0101")
    expect(custodian.get_by_test_id("reward-action-dialog")).to_be_hidden()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    custodian.screenshot(path=str(SCREENSHOTS / "tips_reward_paid.png"), full_page=True)
    custodian.context.close()

    seen = httpx.post(f"{platform.base_url}/api/inspection/public/tips/status", json={"receipt": receipt}).json()
    assert seen["reward_status"] == "paid", seen
