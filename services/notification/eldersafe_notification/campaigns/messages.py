"""The words of phase reminders, phase summaries and the daily digest, in Simplified Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

PHASES_ZH = {"survey": "排查", "rectification": "整治", "review": "总结"}
DEPARTMENTS_ZH = {"civil_affairs": "民政", "fire": "消防", "emergency": "应急", "police": "公安", "health": "卫健",
                  "housing": "住建", "market": "市场监管"}
# A message body holds at most 4000 characters: long lists end with "等N家/项".
MAX_LISTED = 30


def _names(names: Sequence[str], unit: str) -> str:
    shown = "、".join(names[:MAX_LISTED])
    return shown + (f"等{len(names)}{unit}" if len(names) > MAX_LISTED else "")


def phase_reminder(*, campaign: str, department: str, survey_end: date, today: date,
                   missing: Sequence[str]) -> tuple[str, str]:
    """(title, body) two days before the survey ends: the facilities the department has not yet inspected."""
    dept = DEPARTMENTS_ZH.get(department, department)
    days = (survey_end - today).days
    left = f"还有{days}天" if days > 0 else "今天"
    title = f"【排查即将截止】{campaign}：{dept}部门尚有{len(missing)}家机构未检查"
    body = (f"「{campaign}」排查阶段将于{survey_end:%Y年%m月%d日}结束（{left}）。{dept}部门尚未检查的机构"
            f"{len(missing)}家：{_names(missing, '家')}。请在排查阶段结束前完成检查。")
    return title, body


def phase_summary(*, campaign: str, phase: str, end: date, facilities_covered: int, facilities_total: int,
                  pairs_done: int, pairs_total: int, hazards_open: int, hazards_closed: int) -> tuple[str, str]:
    """(title, body) the day after a phase ends: coverage and the ledger's open and closed hazards."""
    name = PHASES_ZH.get(phase, phase)
    title = f"【{name}阶段结束】{campaign}"
    body = (f"「{campaign}」{name}阶段已于{end:%Y年%m月%d日}结束。排查覆盖："
            f"{facilities_covered}/{facilities_total}家机构已完成全部部门检查（部门检查{pairs_done}/{pairs_total}项）；隐患：未整改{hazards_open}项，"
            f"已整改{hazards_closed}项。请在系统中查看详情。")
    return title, body


def _hazard_line(row: Any, today: date) -> str:
    place = row.facility or "养老机构"
    what = row.item or "隐患"
    grade = "（重大）" if row.severity == "major" else ""
    days = (row.deadline - today).days
    when = f"逾期{-days}天" if days < 0 else ("今天到期" if days == 0 else f"{days}天后到期")
    return f"{place}：{what}{grade}，期限{row.deadline:%m月%d日}，{when}"


def digest(*, department: str, today: date, due_soon: tuple[int, list[Any]], overdue: tuple[int, list[Any]],
           new: tuple[int, list[Any]]) -> tuple[str, str]:
    """(title, body) of a department head's daily digest: due within 3 days, overdue, new."""
    dept = DEPARTMENTS_ZH.get(department, department)
    title = (f"【每日隐患简报】{today:%m月%d日} {dept}：3天内到期{due_soon[0]}项，逾期{overdue[0]}项，"
             f"新增{new[0]}项")
    parts = [f"{dept}部门{today:%Y年%m月%d日}隐患简报。"]
    for label, (count, rows) in (("3天内到期", due_soon), ("已逾期", overdue), ("新增隐患", new)):
        if not count:
            continue
        lines = "；".join(_hazard_line(row, today) for row in rows)
        more = f"；另有{count - len(rows)}项" if count > len(rows) else ""
        parts.append(f"{label}{count}项：{lines}{more}。")
    parts.append("请在系统隐患台账中查看详情。")
    return title, "\n".join(parts)
