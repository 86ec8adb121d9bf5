"""The survey report as an Excel workbook (write-only) and as a printable Chinese page."""

from __future__ import annotations

import io
from html import escape

from openpyxl import Workbook

from eldersafe_common import clock

from ..campaigns.fields import DEPARTMENT_NAMES_ZH as DEPARTMENTS_ZH
from .schemas import HazardCount, SurveyReport

CATEGORIES_ZH = {"fire": "消防安全", "building": "建筑安全", "food": "食品安全", "medical": "医疗卫生",
                 "security": "治安防范", "management": "安全管理", "emergency": "应急准备"}
SEVERITIES_ZH = {"major": "重大隐患", "ordinary": "一般隐患"}
CLASSES_ZH = {"shutdown": "关停", "suspend": "停业整顿", "pass": "合格", "not_inspected": "尚未完成检查"}
PHASES_ZH = {"planned": "未开始", "survey": "排查阶段", "rectification": "整治阶段", "review": "总结阶段",
             "closed": "已结束"}


def _zh(names: dict[str, str], key: str) -> str:
    return names.get(key, key)


def _percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def _printed_time(report: SurveyReport) -> str:
    """The report's time as the district reads it: China time with its offset."""
    return clock.china_now(report.generated_at).isoformat(timespec="seconds")


def _class_rows(report: SurveyReport) -> list[list[object]]:
    # not_inspected is a suggestion only: no decision has that class.
    return [[_zh(CLASSES_ZH, row.klass), row.suggested, "—" if row.klass == "not_inspected" else row.decided]
            for row in report.facilities_by_class]


def _summary_rows(report: SurveyReport) -> list[tuple[str, object]]:
    c = report.campaign
    return [
        ("专项行动", c.name), ("区域", c.area_code), ("当前阶段", _zh(PHASES_ZH, c.current_phase)),
        ("排查阶段", f"{c.survey_start} 至 {c.survey_end}"),
        ("参与部门", "、".join(_zh(DEPARTMENTS_ZH, d) for d in c.departments)),
        ("排查机构数", report.facilities_total),
        ("排查覆盖率", _percent(report.coverage.progress)),
        ("已完成检查（机构×部门）", f"{report.coverage.pairs_done} / {report.coverage.pairs_total}"),
        ("全部部门已检查的机构", report.coverage.facilities_complete),
        ("尚未完成检查的机构", report.coverage.facilities_total - report.coverage.facilities_complete),
        ("发现隐患总数", report.hazards_total),
        ("尚未整改的隐患", sum(h.unrectified for h in report.hazards_by_severity)),
        ("未决定分类的机构", report.undecided),
        ("生成时间", _printed_time(report)),
    ]


def _hazard_rows(title: str, names: dict[str, str], rows: list[HazardCount]) -> list[list[object]]:
    return [[title, "合计", "重大", "一般", "未当场整改", "尚未整改"],
            *([_zh(names, h.key), h.total, h.major, h.ordinary, h.open, h.unrectified] for h in rows)]


def to_xlsx(report: SurveyReport) -> bytes:
    """Five sheets: summary, classes, hazards, sub-districts, not covered."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("汇总")
    sheet.append(["项目", "数值"])
    for label, value in _summary_rows(report):
        sheet.append([label, value])

    sheet = book.create_sheet("分类")
    sheet.append(["分类", "建议", "已决定"])
    for line in _class_rows(report):
        sheet.append(line)
    sheet.append(["未决定", None, report.undecided])

    sheet = book.create_sheet("隐患")
    for block in (_hazard_rows("部门", DEPARTMENTS_ZH, report.hazards_by_department),
                  _hazard_rows("类别", CATEGORIES_ZH, report.hazards_by_category),
                  _hazard_rows("等级", SEVERITIES_ZH, report.hazards_by_severity)):
        for line in block:
            sheet.append(line)
        sheet.append([])

    sheet = book.create_sheet("街道")
    sheet.append(["街道代码", "机构数", "已检查", "应检查", "尚未完成检查的机构", "隐患", "重大隐患", "关停",
                  "停业整顿", "合格", "未决定"])
    for s in report.by_subdistrict:
        sheet.append([s.subdistrict_code, s.facilities, s.pairs_done, s.pairs_total, s.not_inspected, s.hazards,
                      s.major_hazards, s.shutdown, s.suspend, s.passed, s.undecided])

    sheet = book.create_sheet("未覆盖")
    sheet.append(["机构", "区域代码", "未检查部门"])
    for n in report.not_covered:
        sheet.append([n.name or n.facility_id, n.area_code,
                      "、".join(_zh(DEPARTMENTS_ZH, d) for d in n.departments_missing)])

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _table(head: list[str], rows: list[list[object]]) -> str:
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape('' if v is None else str(v))}</td>" for v in row) + "</tr>"
                   for row in rows)
    if not rows:
        body = f'<tr><td colspan="{len(head)}">无</td></tr>'
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; margin: 2rem;
       color: #222; }
h1 { font-size: 1.5rem; text-align: center; } h2 { font-size: 1.1rem; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; font-size: 0.9rem; }
th, td { border: 1px solid #999; padding: 0.25rem 0.5rem; text-align: left; } th { background: #eee; }
.meta { color: #555; text-align: center; }
@media print { body { margin: 0; } h2 { break-after: avoid; } table { break-inside: auto; }
               tr { break-inside: avoid; } .no-print { display: none; } }
"""


def to_html(report: SurveyReport) -> str:
    """A printable page in Chinese."""
    c = report.campaign
    sections = [
        ("一、总体情况", _table(["项目", "数值"], [[label, value] for label, value in _summary_rows(report)])),
        ("二、机构分类", _table(["分类", "建议", "已决定"], [*_class_rows(report), ["未决定", "", report.undecided]])),
        ("三、隐患按部门", _table(*_split(_hazard_rows("部门", DEPARTMENTS_ZH, report.hazards_by_department)))),
        ("四、隐患按类别", _table(*_split(_hazard_rows("类别", CATEGORIES_ZH, report.hazards_by_category)))),
        ("五、隐患按等级", _table(*_split(_hazard_rows("等级", SEVERITIES_ZH, report.hazards_by_severity)))),
        ("六、各街道情况", _table(
            ["街道代码", "机构数", "已检查/应检查", "尚未完成检查的机构", "隐患", "重大隐患", "关停", "停业整顿",
             "合格", "未决定"],
            [[s.subdistrict_code, s.facilities, f"{s.pairs_done}/{s.pairs_total}", s.not_inspected, s.hazards,
              s.major_hazards, s.shutdown, s.suspend, s.passed, s.undecided] for s in report.by_subdistrict])),
        ("七、尚未覆盖的机构", _table(["机构", "区域代码", "未检查部门"], [
            [n.name or n.facility_id, n.area_code, "、".join(_zh(DEPARTMENTS_ZH, d) for d in n.departments_missing)]
            for n in report.not_covered])),
    ]
    body = "".join(f"<section><h2>{escape(title)}</h2>{table}</section>" for title, table in sections)
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(c.name)} 排查报告</title><style>{CSS}</style></head><body>"
        f"<h1>{escape(c.name)}<br>排查阶段报告</h1>"
        f'<p class="meta">生成时间：{escape(_printed_time(report))}</p>'
        f'<p class="no-print"><button onclick="window.print()">打印</button></p>{body}</body></html>'
    )


def _split(rows: list[list[object]]) -> tuple[list[str], list[list[object]]]:
    return [str(h) for h in rows[0]], rows[1:]
