"""Tasks reach their inspectors: the fire head plans a task and picks its inspector from the department's
accounts (a search, not typed text); the fire inspector, on a 375-px phone, finds it in 我的任务, inspects and
submits, and the task is done."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from eldersafe_common import clock
from tests.browser.conftest import SCREENSHOTS, field, login
from tests.browser.test_inspection_ui import _api, _ensure_checklists
from tests.support.platform import Platform
from tests.support.survey import png

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def _campaign(platform: Platform) -> dict:
    """A fire campaign over the district whose survey phase contains today (named so the test can pick it)."""
    today = clock.china_today()
    phases = {"survey_start": today - timedelta(days=1), "survey_end": today + timedelta(days=6),
              "rectification_start": today + timedelta(days=7), "rectification_end": today + timedelta(days=30),
              "review_start": today + timedelta(days=31), "review_end": today + timedelta(days=45)}
    with _api(platform, "civil_affairs_head") as client:
        deadline = time.monotonic() + 60  # the worker copies facilities from registry events
        while client.get("/targets", params={"page_size": 1}).json()["total"] == 0:
            assert time.monotonic() < deadline, "no inspection targets arrived from the registry"
            time.sleep(0.5)
        created = client.post("/campaigns", json={
            "name": f"任务测试 {time.time_ns()}", "area_code": "999001", "departments": ["fire"],
            **{key: value.isoformat() for key, value in phases.items()}})
        assert created.status_code == 201, created.text
        return dict(created.json())


def _wait_for_inspector(platform: Platform) -> None:
    """The inspection worker copies the gateway's accounts from account.created: wait for the fire inspector."""
    with _api(platform, "fire_head") as client:
        deadline = time.monotonic() + 60
        while not client.get("/inspectors", params={"q": "消防检查员"}).json()["items"]:
            assert time.monotonic() < deadline, "the fire inspector's account never reached inspection"
            time.sleep(0.5)


@pytest.fixture
def phone(browser: Browser, platform: Platform) -> Iterator[Page]:
    context = browser.new_context(base_url=platform.base_url, locale="zh-CN", viewport=PHONE, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _choose(page: Page, test_id: str, option: str) -> None:
    """Open an Element Plus select by its test id and click the option with that text."""
    page.get_by_test_id(test_id).click()
    page.locator(".el-select-dropdown:visible .el-select-dropdown__item", has_text=option).first.click()


def test_a_task_reaches_its_inspector_on_a_phone(page: Page, phone: Page, platform: Platform) -> None:
    _ensure_checklists(platform)
    campaign = _campaign(platform)
    _wait_for_inspector(platform)
    due = (clock.china_today() + timedelta(days=3)).isoformat()

    # The fire head plans the task on a desktop, picking the inspector from the department's accounts.
    login(page, "fire_head")
    page.goto("/tasks")
    page.get_by_test_id("task-create-button").click()
    dialog = page.get_by_test_id("task-dialog")
    expect(dialog).to_be_visible()
    _choose(page, "task-field-campaign", campaign["name"])
    _choose(page, "task-field-facility", "松鹤颐养院")
    page.get_by_test_id("task-field-assignees").click()
    field(page, "task-field-assignees").fill("消防检查员")
    option = page.locator(".el-select-dropdown:visible [data-testid=task-assignee-option]", has_text="消防检查员")
    expect(option.first).to_be_visible()
    option.first.click()
    dialog.locator(".el-dialog__title").click()  # closes the dropdown (Escape would close the dialog)
    dialog.locator(".el-date-editor input").fill(due)
    dialog.locator(".el-dialog__title").click()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "task_dialog_picker.png"))
    page.get_by_test_id("task-save").click()
    expect(dialog).to_be_hidden()
    with _api(platform, "fire_head") as client:
        tasks = client.get("/tasks", params={"campaign_id": campaign["id"]}).json()["items"]
    (task,) = tasks
    assert [a["name"] for a in task["assignees"]] == ["消防检查员（演示）"] and task["status"] == "planned"

    # The fire inspector, on a phone, finds it in 我的任务 and completes it.
    login(phone, "fire_staff")
    phone.goto("/tasks")
    expect(phone.get_by_test_id("task-mine-toggle")).to_have_class(re.compile("is-checked"))  # 我的任务 by default
    card = phone.locator(f'[data-testid="task-card"][data-id="{task["id"]}"]')
    expect(card).to_be_visible()
    phone.screenshot(path=str(SCREENSHOTS / "task_phone_mine.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    card.get_by_test_id("task-start").tap()
    expect(phone.get_by_test_id("start-dialog")).to_be_visible()
    phone.get_by_test_id("start-confirm").tap()
    phone.wait_for_url("**/inspect/*")
    inspection_id = phone.url.rstrip("/").rsplit("/", 1)[-1]
    with _api(platform, "fire_head") as client:
        started = client.get(f"/tasks/{task['id']}").json()
    assert (started["status"], started["inspection_id"]) == ("in_progress", inspection_id)

    # Every item passes (numbers inside their limits, photos where required), then submit.
    with _api(platform, "fire_staff") as client:
        draft = client.get(f"/inspections/{inspection_id}").json()
        photo = client.post("/photos", files={"file": ("ok.png", png(), "image/png")}).json()["id"]
        answers = []
        for item in (item for section in draft["sections"] for item in section["items"]):
            answer: dict = {"item_id": item["id"], "result": "pass"}
            if item["answer_type"] == "number":
                answer["number"] = item.get("number_min") or item.get("number_max") or 1
            if item["answer_type"] == "text":
                answer["text"] = "已查看"
            if item.get("photo_required") or item["answer_type"] == "photo":
                answer["photo_ids"] = [photo]
            answers.append(answer)
        assert client.put(f"/inspections/{inspection_id}/answers", json={"answers": answers}).status_code == 200
    phone.reload()
    expect(phone.get_by_test_id("acknowledgement")).to_have_attribute("data-state", "pending")
    field(phone, "ack-name").fill("黄志强")
    phone.get_by_test_id("inspection-submit").tap()
    phone.locator(".el-message-box .el-button--primary").tap()
    expect(phone.get_by_test_id("inspection-submitted")).to_be_visible()
    expect(phone.get_by_test_id("acknowledgement")).to_have_attribute("data-state", "given")
    phone.screenshot(path=str(SCREENSHOTS / "task_phone_submitted.png"), full_page=True)

    phone.goto("/tasks")
    expect(phone.get_by_test_id("task-column-done").locator(f'[data-id="{task["id"]}"]')).to_be_visible()
    with httpx.Client(base_url=f"{platform.base_url}/api/inspection", timeout=30,
                      headers={"Authorization": f"Bearer {platform.login('fire_head')}"}) as client:
        assert client.get(f"/tasks/{task['id']}").json()["status"] == "done"

