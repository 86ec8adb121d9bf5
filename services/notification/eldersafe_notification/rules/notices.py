"""The calendar asks for what it does not know: from 1 November (China date) until next year's arrangement is
known — by chinesecalendar or an admin's whole-year entry — every admin and the civil-affairs head get an inbox
notice (once a year each: the notification's unique key), and ``/healthz`` warns. This year unknown warns too.

Run by the worker's scheduler (hourly, and at once when the demo's clock moves), never by the web process."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.db import transaction

from ..contacts import repository as contacts
from ..contacts.models import NotificationContact
from ..delivery.enqueue import Message, Recipient, enqueue_many
from . import years

log = logging.getLogger("eldersafe.notification.calendar")
RULE_KEY, STAGE = "calendar.year", "unknown_year"
JOB, EVERY_MINUTES = "calendar.unknown_years", 60
SETTINGS_LINK = "/notification/settings?tab=calendar"


def message(year: int, *, admin: bool) -> Message:
    """The notice about ``year``: admins are sent to the calendar tab, the civil-affairs head is told to ask."""
    action = ("请在“通知设置 → 工作日历”中按国务院办公厅通知一次录入该年的全部节假日和调休上班日。" if admin
              else "请督促系统管理员按国务院办公厅通知录入该年的节假日安排。")
    return Message(rule_key=RULE_KEY, subject=f"calendar:{year}", stage=STAGE,
                   title=f"【工作日历】{year}年节假日安排尚未录入",
                   body=(f"系统尚不知道{year}年的法定节假日和调休安排：在录入之前，按工作日计算的整改期限和逾期升级"
                         f"只按周一至周五计算，春节等假期内也会计为工作日。{action}"),
                   link=SETTINGS_LINK if admin else None)


def recipients(session: Session) -> list[NotificationContact]:
    """Every enabled admin and civil-affairs head known to contacts/."""
    return contacts.admins_and_civil_affairs_heads(session)


def check(session: Session, *, now: datetime) -> int:
    """Enqueue the notice for each needed year nobody knows; returns how many notices were new."""
    missing = years.unknown_years(session, today=clock.china_today(now))
    people = recipients(session) if missing else []
    items = [(message(year, admin=person.role == "admin"),
              Recipient(key=f"account:{person.account_id}", name=person.name), "inbox")
             for year in missing for person in people]
    return enqueue_many(session, items, now=now)


def warnings(session: Session, *, now: datetime) -> list[str]:
    """What ``/healthz`` says while a needed year is unknown."""
    first, last = years.calendar.package_years()
    return [f"working-day calendar: {year} is unknown (chinesecalendar knows {first}-{last}, no arrangement "
            f"entered), so working days fall back to Monday-Friday; an admin should enter the {year} arrangement"
            for year in years.unknown_years(session, today=clock.china_today(now))]


def run_check(engine: Engine) -> None:
    """One check in its own transaction; a failure is logged and the next run tries again."""
    try:
        with transaction(engine) as session:
            check(session, now=clock.now())
    except Exception:
        log.exception("calendar check failed")
