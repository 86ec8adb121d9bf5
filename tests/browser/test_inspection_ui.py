"""A fire inspector on a phone: opens a campaign, inspects a demo facility, fails a major item with a photo,
submits, and the platform records a `hazard.found` event carrying that photo."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import create_engine, text

from eldersafe_common import clock
from tests.browser.conftest import SCREENSHOTS, field, login
from tests.support.platform import ROOT, Platform

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def _api(platform: Platform, username: str) -> httpx.Client:
    token = platform.login(username)
    return httpx.Client(base_url=f"{platform.base_url}/api/inspection", timeout=30,
                        headers={"Authorization": f"Bearer {token}"})


def _ensure_checklists(platform: Platform) -> None:
    """The starter checklists (the platform fixture seeds them; run the seed if it did not)."""
    with _api(platform, "fire_staff") as client:
        current = client.get("/checklist-versions", params={"department": "fire", "current": "true"})
        current.raise_for_status()
        body = current.json()
        if (body if isinstance(body, list) else body.get("items")):
            return
    subprocess.run([sys.executable, "-m", "eldersafe_inspection.seed"], env=platform.env, cwd=ROOT, check=True,
                   capture_output=True)


def _create_campaign(platform: Platform) -> dict:
    """As the civil affairs head, a district-wide campaign whose survey phase contains today."""
    today = clock.china_today()
    phases = {
        "survey_start": today - timedelta(days=1), "survey_end": today + timedelta(days=6),
        "rectification_start": today + timedelta(days=7), "rectification_end": today + timedelta(days=37),
        "review_start": today + timedelta(days=38), "review_end": today + timedelta(days=52),
    }
    with _api(platform, "civil_affairs_head") as client:
        deadline = time.monotonic() + 60  # the worker copies facilities from registry events
        while client.get("/targets", params={"page_size": 1}).json()["total"] == 0:
            assert time.monotonic() < deadline, "no inspection targets arrived from the registry"
            time.sleep(0.5)
        created = client.post("/campaigns", json={
            "name": f"浏览器测试专项整治 {time.time_ns()}", "area_code": "999001",
            "departments": ["civil_affairs", "fire", "emergency", "police", "health", "housing", "market"],
            **{key: value.isoformat() for key, value in phases.items()},
        })
        assert created.status_code == 201, created.text
        campaign = created.json()
        assert campaign["current_phase"] == "survey"
        coverage = client.get(f"/campaigns/{campaign['id']}/coverage").json()
        assert coverage["facilities"], coverage
        return {**campaign, "coverage": coverage}


def _png(path) -> None:
    image = Image.new("RGB", (64, 48), (200, 40, 40))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())


@pytest.fixture
def phone(browser: Browser, platform: Platform) -> Iterator[Page]:
    context = browser.new_context(base_url=platform.base_url, locale="zh-CN", viewport=PHONE, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _hazard_events(platform: Platform, inspection_id: str) -> list[dict]:
    engine = create_engine(platform.env["ELDERSAFE_DATABASE_URL"])
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT payload FROM event WHERE type = 'hazard.found'")).all()
    finally:
        engine.dispose()
    payloads = [row[0] if isinstance(row[0], dict) else json.loads(row[0]) for row in rows]
    return [payload for payload in payloads if payload.get("inspection_id") == inspection_id]


def test_a_fire_inspector_inspects_on_a_phone(phone: Page, platform: Platform, tmp_path) -> None:
    _ensure_checklists(platform)
    campaign = _create_campaign(platform)
    facility = next((f for f in campaign["coverage"]["facilities"] if f["name"] == "松鹤颐养院"),
                    campaign["coverage"]["facilities"][0])
    photo = tmp_path / "hazard.png"
    _png(photo)

    page = phone
    login(page, "fire_staff")
    page.goto(f"/campaigns/{campaign['id']}")
    expect(page.get_by_test_id("campaign-name")).to_contain_text("浏览器测试专项整治")
    expect(page.get_by_test_id("phase-survey")).to_have_attribute("data-state", "current")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "inspection_phone_campaign.png"), full_page=True)
    # On a phone the side menu is a drawer, so the page's own buttons are reachable with a real tap.
    expect(page.get_by_test_id("side-menu")).to_have_count(0)
    page.locator(f'[data-testid="start-inspection"][data-facility-id="{facility["facility_id"]}"]').first.click()
    expect(page.get_by_test_id("start-dialog")).to_be_visible()
    expect(page.get_by_test_id("start-facility")).to_have_text(facility["name"])
    page.wait_for_timeout(400)
    page.screenshot(path=str(SCREENSHOTS / "inspection_phone_start.png"))
    page.get_by_test_id("start-confirm").click()
    page.wait_for_url("**/inspect/*")
    inspection_id = page.url.rstrip("/").rsplit("/", 1)[-1]

    fire = page.locator('[data-testid="inspection-section"][data-department="fire"]')
    expect(fire).to_have_attribute("data-editable", "true")
    rows = fire.get_by_test_id("item-row")
    expect(rows.first).to_be_visible()
    count = rows.count()
    assert count > 0
    major_index = next((i for i in range(count) if rows.nth(i).get_by_test_id("item-major").count()), None)
    assert major_index is not None, "the fire starter checklist has no major-hazard item"

    for index in range(count):
        row = rows.nth(index)
        number = row.locator('input[data-testid="item-number"], [data-testid="item-number"] input')
        if number.count():  # a value inside the item's limits (outside them the server counts a failure)
            limits = row.locator("[data-min]")
            low, high = limits.get_attribute("data-min"), limits.get_attribute("data-max")
            number.fill(low or high or "1")
        if index == major_index:
            row.get_by_test_id("answer-fail").tap()
            panel = row.get_by_test_id("finding-panel")
            expect(panel).to_be_visible()
            # A major item's severity is preset to major and cannot be lowered.
            expect(panel.get_by_test_id("finding-severity")).to_have_attribute("data-value", "major")
            expect(panel.get_by_test_id("severity-ordinary")).to_be_disabled()
            description = 'textarea[data-testid="finding-description"], [data-testid="finding-description"] textarea'
            panel.locator(description).fill("二楼疏散通道堆放杂物，安全出口被锁闭")
            panel.get_by_test_id("finding-photo-input").set_input_files(str(photo))
            expect(panel.get_by_test_id("photo-thumb")).to_have_count(1)
        else:
            row.get_by_test_id("answer-pass").tap()
            if row.get_by_test_id("answer-photo-input").count():
                row.get_by_test_id("answer-photo-input").set_input_files(str(photo))
                expect(row.get_by_test_id("photo-thumb")).to_have_count(1)
        expect(row).to_have_attribute("data-result", "fail" if index == major_index else "pass")

    photo_id = rows.nth(major_index).get_by_test_id("photo-thumb").get_attribute("data-photo-id")
    assert photo_id
    expect(page.get_by_test_id("save-indicator")).to_have_attribute("data-state", "saved", timeout=15_000)
    # Only the fire section is this inspector's; the autosave and the local backup hold every answer.
    backup = page.evaluate(f"JSON.parse(localStorage.getItem('eldersafe.inspection.{inspection_id}'))")
    assert backup["dirty"] is False and len(backup["idempotencyKey"]) == 36

    field(page, "ack-name").fill("王负责人")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "inspection_phone_form.png"), full_page=True)
    # No horizontal scrolling on a 360-px phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_test_id("inspection-submit").click()
    page.locator(".el-message-box .el-button--primary").click()
    expect(page.get_by_test_id("inspection-submitted")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "inspection_phone_submitted.png"), full_page=True)

    deadline = time.monotonic() + 15
    while not (events := _hazard_events(platform, inspection_id)) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert events, "no hazard.found event for the submitted inspection"
    assert any(photo_id in event["photo_ids"] and event["severity"] == "major" and event["department"] == "fire"
               for event in events), events
    with _api(platform, "admin") as client:
        stored = client.get(f"/inspections/{inspection_id}").json()
    assert stored["status"] == "submitted"
    assert stored["acknowledgement"]["name"] == "王负责人"
