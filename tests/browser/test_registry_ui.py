"""What a department user sees in the SPA, in a real browser against the real platform."""

from __future__ import annotations

import io
import re

import httpx
import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from tests.browser.conftest import field, login
from tests.e2e.test_platform import uscc
from tests.support.platform import Platform

pytestmark = pytest.mark.browser


def _fill(page: Page, name: str, value: str) -> None:
    field(page, f"facility-field-{name}").fill(value)


def test_civil_affairs_creates_a_facility(page: Page) -> None:
    login(page, "civil_affairs_staff")
    page.goto("/facilities")
    page.get_by_test_id("facility-create-button").click()
    expect(page.get_by_test_id("facility-form")).to_be_visible()

    _fill(page, "name", "浏览器测试颐养院")
    code = uscc("52999001B0000001A")
    _fill(page, "uscc", code[:-1] + ("0" if code[-1] != "0" else "1"))  # a wrong check character first
    page.get_by_test_id("facility-ownership-private").click()
    page.get_by_test_id("facility-field-area").click()
    page.locator(".el-cascader-node", has_text="青松街道").click()
    page.locator(".el-cascader-node", has_text="竹园社区").click()
    _fill(page, "address", "鹤鸣区青松街道浏览器路8号")
    _fill(page, "legal_representative", "浏览器法人")
    _fill(page, "legal_representative_phone", "13900001111")
    _fill(page, "manager", "浏览器负责人")
    _fill(page, "manager_phone", "13700001111")
    _fill(page, "licensed_beds", "60")
    page.get_by_test_id("facility-save-button").click()
    # The check character is validated before anything is sent, and the message sits under the field.
    expect(page.get_by_test_id("facility-item-uscc").locator(".el-form-item__error")).to_be_visible()

    _fill(page, "uscc", code)
    page.get_by_test_id("facility-save-button").click()
    page.wait_for_url(re.compile(r"/facilities/[0-9a-f-]{36}$"))
    expect(page.get_by_test_id("facility-detail-name")).to_contain_text("浏览器测试颐养院")


def _workbook_with_one_bad_row(platform: Platform) -> bytes:
    token = platform.login("civil_affairs_staff")
    template = httpx.get(f"{platform.base_url}/api/registry/facilities/import-template",
                         headers={"Authorization": f"Bearer {token}"})
    template.raise_for_status()
    from openpyxl import load_workbook

    headers = [cell.value for cell in next(load_workbook(io.BytesIO(template.content)).active.iter_rows(max_row=1))]
    example = [cell.value for cell in list(load_workbook(io.BytesIO(template.content)).active.iter_rows())[1]]
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    good = dict(zip(headers, example, strict=False))
    for index, row_uscc in enumerate([uscc("52999001B0000002B"), uscc("52999001B0000003C")[:-1] + "I"]):
        row = {**good}
        for header in headers:
            if "信用代码" in str(header):
                row[header] = row_uscc
            elif "机构名称" in str(header):
                row[header] = f"导入测试养老院{index + 1}"
        sheet.append([row[header] for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_import_with_one_bad_row_shows_the_error_and_imports_nothing(page: Page, platform: Platform,
                                                                        tmp_path) -> None:
    upload = tmp_path / "facilities.xlsx"
    upload.write_bytes(_workbook_with_one_bad_row(platform))
    login(page, "civil_affairs_staff")
    page.goto("/facilities/import")
    page.get_by_test_id("import-file-input").set_input_files(str(upload))
    page.get_by_test_id("import-submit-button").click()
    errors = page.get_by_test_id("import-error-table")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("3")  # spreadsheet row 3: the second data row
    expect(errors).to_contain_text("统一社会信用代码")

    page.goto("/facilities?q=导入测试养老院")
    expect(page.get_by_test_id("facility-table")).to_be_visible()
    expect(page.get_by_test_id("facility-row")).to_have_count(0)  # all or nothing: the good row is not in


def test_a_community_officer_sees_only_the_own_community(page: Page, platform: Platform) -> None:
    token = platform.login("community_officer")
    expected = httpx.get(f"{platform.base_url}/api/registry/facilities", params={"page_size": 100},
                         headers={"Authorization": f"Bearer {token}"}).json()
    assert expected["total"] > 0
    login(page, "community_officer")
    page.goto("/facilities")
    rows = page.get_by_test_id("facility-row")
    expect(rows).to_have_count(min(expected["total"], 20))
    for name in (item["name"] for item in expected["items"][:20]):
        expect(page.get_by_test_id("facility-table")).to_contain_text(name)
    expect(page.get_by_test_id("facility-create-button")).to_have_count(0)
    expect(page.get_by_test_id("facility-table")).not_to_contain_text("福星敬老院")  # another sub-district's


def test_a_demo_facility_can_be_edited_and_saved(page: Page, platform: Platform) -> None:
    """Real demo values (a 6.4 m building, six-decimal coordinates) must pass the form's own checks."""
    token = platform.login("civil_affairs_staff")
    listed = httpx.get(f"{platform.base_url}/api/registry/facilities", params={"q": "松鹤颐养院"},
                       headers={"Authorization": f"Bearer {token}"}).json()["items"][0]
    demo = httpx.get(f"{platform.base_url}/api/registry/facilities/{listed['id']}",
                     headers={"Authorization": f"Bearer {token}"}).json()
    assert demo["building"]["height_m"] == 6.4
    login(page, "civil_affairs_staff")
    page.goto(f"/facilities/{demo['id']}")
    page.get_by_test_id("facility-edit-button").click()
    expect(page.get_by_test_id("facility-form")).to_be_visible()
    _fill(page, "manager", "新负责人")
    page.get_by_test_id("facility-save-button").click()
    page.wait_for_url(re.compile(rf"/facilities/{demo['id']}$"))
    saved = httpx.get(f"{platform.base_url}/api/registry/facilities/{demo['id']}",
                      headers={"Authorization": f"Bearer {token}"}).json()
    assert saved["manager"] == "新负责人"
    assert saved["building"] == demo["building"] and saved["latitude"] == demo["latitude"]
