"""The words of a deadline alert, in Simplified Chinese: the facility, the item, the deadline and how late."""

from __future__ import annotations

from datetime import date

STAGE_NAMES = {
    "issued": "督办通知", "remind_3d": "到期提醒", "remind_1d": "到期提醒", "due_day": "今日到期",
    "overdue_3wd": "逾期升级", "overdue_7wd": "逾期督办",
}


def when(deadline: date, today: date) -> str:
    """"还有2天到期" / "今天到期" / "已逾期5天"."""
    days = (deadline - today).days
    if days > 0:
        return f"还有{days}天到期"
    if days == 0:
        return "今天到期"
    return f"已逾期{-days}天"


def hazard_message(*, stage: str, facility: str | None, item: str | None, deadline: date, today: date,
                   major: bool) -> tuple[str, str]:
    """(title, body) of a hazard's ladder stage."""
    place = facility or "养老机构"
    what = item or "隐患"
    grade = "重大事故隐患" if major else "隐患"
    title = f"【{STAGE_NAMES.get(stage, '隐患提醒')}】{place}：{what}"
    body = (f"{place}的{grade}「{what}」整改期限为{deadline:%Y年%m月%d日}，{when(deadline, today)}。"
            f"请及时督促整改，并在系统中查看详情。")
    return title, body


def order_message(*, stage: str, number: str, facility: str | None, supervisor: str, deadline: date,
                  today: date) -> tuple[str, str]:
    """(title, body) of a supervision order's stage."""
    place = facility or "养老机构"
    title = f"【{STAGE_NAMES.get(stage, '督办提醒')}】督办单{number}：{place}"
    if stage == "issued":
        lead = f"已对{place}挂牌督办（督办单{number}，督办人{supervisor}），整改期限为{deadline:%Y年%m月%d日}。"
    else:
        lead = (f"督办单{number}（{place}，督办人{supervisor}）整改期限为{deadline:%Y年%m月%d日}，"
                f"{when(deadline, today)}。")
    return title, lead + "请按期完成整改并在系统中查看详情。"
