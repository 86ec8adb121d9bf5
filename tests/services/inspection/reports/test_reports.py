import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session

from tests.conftest import COMMUNITY, SUBDISTRICT

from ..campaigns.support import (
    FA,
    FB,
    FC,
    FD,
    OTHER_SUBDISTRICT,
    URL,
    Finding,
    create_campaign,
    fake_inspections,
    on_survey_day,  # noqa: F401  (fixture)
    seed_facilities,
)

pytestmark = pytest.mark.usefixtures("on_survey_day")

FINDINGS = [
    Finding(FA, "housing", "building", "major", "ZJ-01", "D级危房", criterion_fixable=False),
    Finding(FA, "fire", "fire", "ordinary", "XF-03", "灭火器过期"),
    Finding(FB, "fire", "fire", "major", "XF-01", "疏散通道堵塞"),
    Finding(FC, "health", "food", "ordinary", "WJ-02", "留样不足", fixed_on_spot=True),
]
# departments: civil_affairs, fire, health; FA fully covered, FB by fire, FC by health, FD not at all.
COVERED = {(FA, "civil_affairs"), (FA, "fire"), (FA, "health"), (FB, "fire"), (FC, "health")}


@pytest.fixture
def campaign(session: Session, client: TestClient, auth, monkeypatch: pytest.MonkeyPatch) -> dict:
    seed_facilities(session)
    fake_inspections(monkeypatch, covered=COVERED, findings=FINDINGS)
    campaign = create_campaign(client, auth)
    response = client.post(f"{URL}/{campaign['id']}/classifications/{FA}",
                           json={"class": "shutdown", "reason": "D级危房，予以关停"},
                           headers=auth("task_force", "leader"))
    assert response.status_code == 200
    return campaign


def test_report_numbers(client: TestClient, auth, campaign: dict) -> None:
    report = client.get(f"{URL}/{campaign['id']}/survey-report", headers=auth("civil_affairs", "head")).json()
    assert report["facilities_total"] == 4 and report["hazards_total"] == 4 and report["undecided"] == 3
    # FC and FD are not inspected by every department: not_inspected, never pass; FB's open major still suspends.
    assert {r["klass"]: (r["suggested"], r["decided"]) for r in report["facilities_by_class"]} == {
        "shutdown": (1, 1), "suspend": (1, 0), "pass": (0, 0), "not_inspected": (2, 0)}
    by_dept = {h["key"]: (h["total"], h["major"], h["open"]) for h in report["hazards_by_department"]}
    assert by_dept == {"civil_affairs": (0, 0, 0), "fire": (2, 1, 2), "health": (1, 0, 0), "housing": (1, 1, 1)}
    assert {h["key"]: h["total"] for h in report["hazards_by_category"]} == {"fire": 2, "building": 1, "food": 1}
    assert {h["key"]: (h["total"], h["open"], h["unrectified"]) for h in report["hazards_by_severity"]} == {
        "major": (2, 2, 2), "ordinary": (2, 1, 1)}
    assert report["coverage"] == {"progress": pytest.approx(5 / 12, abs=1e-4), "pairs_total": 12, "pairs_done": 5,
                                  "facilities_total": 4, "facilities_complete": 1}
    subs = {s["subdistrict_code"]: s for s in report["by_subdistrict"]}
    assert sorted(subs) == [SUBDISTRICT, OTHER_SUBDISTRICT]
    ours = subs[SUBDISTRICT]
    assert (ours["facilities"], ours["pairs_done"], ours["pairs_total"], ours["hazards"], ours["major_hazards"],
            ours["shutdown"], ours["undecided"], ours["not_inspected"]) == (3, 4, 9, 3, 2, 1, 2, 2)
    assert {n["facility_id"]: n["departments_missing"] for n in report["not_covered"]} == {
        FB: ["civil_affairs", "health"], FC: ["civil_affairs", "fire"], FD: ["civil_affairs", "fire", "health"]}


def test_report_counts_follow_the_ledger(client: TestClient, auth, campaign: dict,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # FB inspected by every department, its major hazard signed off in the ledger: it passes, and the
    # report counts it so (page, workbook and printable page alike).
    rectified = Finding(FB, "fire", "fire", "major", "XF-01", "疏散通道堵塞", ledger_state="signed_off")
    signed_off = [*FINDINGS[:2], rectified, FINDINGS[3]]
    covered = COVERED | {(FB, "civil_affairs"), (FB, "health")}
    fake_inspections(monkeypatch, covered=covered, findings=signed_off)
    headers = auth("civil_affairs", "head")
    report = client.get(f"{URL}/{campaign['id']}/survey-report", headers=headers).json()
    assert {r["klass"]: r["suggested"] for r in report["facilities_by_class"]} == {
        "shutdown": 1, "suspend": 0, "pass": 1, "not_inspected": 2}
    assert {h["key"]: h["unrectified"] for h in report["hazards_by_severity"]} == {"major": 1, "ordinary": 1}
    book = load_workbook(io.BytesIO(client.get(f"{URL}/{campaign['id']}/survey-report.xlsx", headers=headers).content),
                         read_only=True)
    classes = {row[0]: row[1:] for row in book["分类"].iter_rows(min_row=2, values_only=True)}
    assert classes["合格"] == (1, 0) and classes["停业整顿"] == (0, 0) and classes["尚未完成检查"] == (2, "—")
    page = client.get(f"{URL}/{campaign['id']}/survey-report.html", headers=headers).text
    assert "<td>合格</td><td>1</td>" in page and "<td>尚未完成检查</td><td>2</td>" in page


def test_report_times_are_china_time(client: TestClient, auth, campaign: dict) -> None:
    headers = auth("civil_affairs", "head")
    report = client.get(f"{URL}/{campaign['id']}/survey-report", headers=headers).json()
    assert report["generated_at"].endswith("+08:00")
    book = load_workbook(io.BytesIO(client.get(f"{URL}/{campaign['id']}/survey-report.xlsx", headers=headers).content),
                         read_only=True)
    printed = {row[0]: row[1] for row in book["汇总"].iter_rows(values_only=True)}["生成时间"]
    assert printed.endswith("+08:00")
    assert f"生成时间：{printed[:10]}" in client.get(f"{URL}/{campaign['id']}/survey-report.html", headers=headers).text


def test_report_is_area_scoped(client: TestClient, auth, campaign: dict) -> None:
    report = client.get(f"{URL}/{campaign['id']}/survey-report",
                        headers=auth("community", "officer", area=COMMUNITY)).json()
    assert report["facilities_total"] == 2 and report["hazards_total"] == 3
    assert [n["facility_id"] for n in report["not_covered"]] == [FB]
    response = client.get(f"{URL}/{campaign['id']}/survey-report",
                          headers=auth("facility", "manager", area=COMMUNITY, facility=FA))
    assert response.status_code == 403


def test_xlsx_opens_with_its_sheets(client: TestClient, auth, campaign: dict) -> None:
    response = client.get(f"{URL}/{campaign['id']}/survey-report.xlsx", headers=auth("task_force", "member"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["汇总", "分类", "隐患", "街道", "未覆盖"]
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(values_only=True)}
    assert summary["发现隐患总数"] == 4 and summary["排查机构数"] == 4
    missing = list(book["未覆盖"].iter_rows(min_row=2, values_only=True))
    assert sorted(row[0] for row in missing) == ["丁院", "丙院", "乙院"]


def test_html_is_a_printable_chinese_page(client: TestClient, auth, campaign: dict) -> None:
    response = client.get(f"{URL}/{campaign['id']}/survey-report.html", headers=auth("civil_affairs", "head"))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<html lang="zh-CN">' in page and "@media print" in page
    assert "排查阶段报告" in page and "停业整顿" in page and "丁院" in page
    assert client.get(f"{URL}/{campaign['id']}/survey-report.html").status_code == 401
