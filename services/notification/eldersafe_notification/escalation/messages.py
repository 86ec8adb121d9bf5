"""The words of a deadline alert, in Simplified Chinese: the facility, what was found (the check item as
context), the deadline and how late.

A check item is written as the compliant state ("未采用易燃可燃材料彩钢板搭建"): a message that named it would
tell a manager the opposite of what is wrong, so the finding's own description leads and the item follows in
brackets. Titles carry their own 【…】 tag; the SMS channel adds none (no "【【")."""

from __future__ import annotations

from datetime import date

STAGE_NAMES = {
    "issued": "督办通知", "remind_3d": "到期提醒", "remind_1d": "到期提醒", "due_day": "今日到期",
    "overdue_3wd": "逾期升级", "overdue_7wd": "逾期督办",
}
# A due-day notice sent after its day (a tick caught up late: the worker was down, or the demo's clock jumped) must
# not say "due today" in its tag: it goes out tagged as late, to the same people.
LATE_DUE_DAY = "已逾期"


def stage_name(stage: str, *, deadline: date, today: date, default: str) -> str:
    """The title's tag: the stage's name, or 已逾期 for a due-day notice sent after its deadline."""
    if stage == "due_day" and deadline < today:
        return LATE_DUE_DAY
    return STAGE_NAMES.get(stage, default)


def when(deadline: date, today: date) -> str:
    """"还有2天到期" / "今天到期" / "已逾期5天"."""
    days = (deadline - today).days
    if days > 0:
        return f"还有{days}天到期"
    if days == 0:
        return "今天到期"
    return f"已逾期{-days}天"


def finding_words(finding: str | None, item: str | None) -> tuple[str, str]:
    """(what was found, "（检查项：…）" or ""): the finding first; the item alone only when nothing else is known."""
    if finding:
        return finding, f"（检查项：{item}）" if item else ""
    return item or "隐患", ""


def hazard_message(*, stage: str, facility: str | None, finding: str | None, item: str | None, deadline: date,
                   today: date, major: bool) -> tuple[str, str]:
    """(title, body) of a hazard's ladder stage."""
    place = facility or "养老机构"
    what, context = finding_words(finding, item)
    grade = "重大事故隐患" if major else "隐患"
    title = f"【{stage_name(stage, deadline=deadline, today=today, default='隐患提醒')}】{place}：{what}"
    body = (f"{place}的{grade}「{what}」{context}整改期限为{deadline:%Y年%m月%d日}，{when(deadline, today)}。"
            f"请及时督促整改，并在系统中查看详情。")
    return title, body


def order_message(*, stage: str, number: str, facility: str | None, supervisor: str, deadline: date,
                  today: date) -> tuple[str, str]:
    """(title, body) of a supervision order's stage."""
    place = facility or "养老机构"
    title = f"【{stage_name(stage, deadline=deadline, today=today, default='督办提醒')}】督办单{number}：{place}"
    if stage == "issued":
        lead = f"已对{place}挂牌督办（督办单{number}，督办人{supervisor}），整改期限为{deadline:%Y年%m月%d日}。"
    else:
        lead = (f"督办单{number}（{place}，督办人{supervisor}）整改期限为{deadline:%Y年%m月%d日}，"
                f"{when(deadline, today)}。")
    return title, lead + "请按期完成整改并在系统中查看详情。"
