"""The daily digest (rule ``digest.daily``, subject ``digest:<date>``, stage ``digest``): on working days, from
the settings' ``digest_time`` (08:00 China time), each department head hears of their department's open hazards
in their area that are due within 3 days or overdue, and the ones new since their last digest. Nothing to
say, no message. Inbox and email.

State-based: a ``notification_digest_run`` row per (day, department, head) is claimed before the digest is
enqueued, in one transaction; the check runs every few minutes, so a digest missed while the worker was down
goes out at the next check that day, once. A day missed entirely is not sent late: the next digest's "new"
starts where the last one stopped, so nothing new is lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from eldersafe_common.events import Consumer

from ..contacts.models import NotificationContact
from ..delivery.enqueue import Message, enqueue
from ..rules import repository as rules_repository
from ..rules.calendar import WorkingCalendar
from . import messages, repository
from .phases import CHINA, account

log = logging.getLogger("eldersafe.notification.digest")
RULE, STAGE = "digest.daily", "digest"
DEFAULT_TIME = time(8, 0)
DUE_WITHIN_DAYS = 3
LISTED = 10  # hazards named per section; the counts are always whole
CHANNELS = ("inbox", "email")
# A hazard counts as new when its intake row is older than this: a consumer transaction stamped just before
# the digest may commit just after it, and must not fall between two digests (the events' own grace).
SETTLE = Consumer.default_grace


@dataclass
class DigestResult:
    ran: bool = False  # False: not a working day, or before the digest time
    heads: int = 0  # digest runs recorded by this check
    sent: int = 0  # of which had something to say
    enqueued: int = 0


def digest_time(session: Session) -> time:
    """The digest's hour, China time: the settings row's ``digest_time`` (HH:MM), else 08:00."""
    row = rules_repository.settings_row(session)
    try:
        return time.fromisoformat(row.digest_time) if row is not None else DEFAULT_TIME
    except ValueError:
        return DEFAULT_TIME


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=CHINA).astimezone(UTC)


def check(session: Session, *, now: datetime) -> DigestResult:
    """Enqueue today's digest for every department head who has not had it yet, once the digest time has come."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC)
    today = now.astimezone(CHINA).date()
    calendar = WorkingCalendar.load(session, around=today, days=31)
    moment = digest_time(session)
    if not calendar.is_workday(today) or now < _at(today, moment):
        return DigestResult()
    result = DigestResult(ran=True)
    cut = now - SETTLE
    first_after = _at(calendar.nth_workday(today, -1), moment) - SETTLE  # a head's first digest looks back a day
    for head in repository.heads_without_digest(session, day=today):
        if not repository.claim_digest_run(session, day=today, department=head.role, account_id=head.account_id,
                                           cut=cut):
            continue
        after = repository.previous_cut(session, account_id=head.account_id, department=head.role,
                                        before=today) or first_after
        enqueued = _digest(session, head=head, today=today, after=after, cut=cut, now=now)
        repository.set_digest_enqueued(session, day=today, department=head.role, account_id=head.account_id,
                                       enqueued=enqueued)
        result.heads += 1
        result.sent += bool(enqueued)
        result.enqueued += enqueued
    if result.heads:
        log.info("digest %s: %d heads, %d with news, %d enqueued", today, result.heads, result.sent, result.enqueued)
    return result


def _digest(session: Session, *, head: NotificationContact, today: date, after: datetime, cut: datetime,
            now: datetime) -> int:
    department, area = head.role, head.area
    due_soon = repository.deadlines(session, department=department, area=area, limit=LISTED,
                                    between=(today, today + timedelta(days=DUE_WITHIN_DAYS)))
    overdue = repository.deadlines(session, department=department, area=area, before=today, limit=LISTED)
    new = repository.new_hazards(session, department=department, area=area, after=after, upto=cut, limit=LISTED)
    if not (due_soon[0] or overdue[0] or new[0]):
        return 0
    title, body = messages.digest(department=department, today=today, due_soon=due_soon, overdue=overdue, new=new)
    message = Message(rule_key=RULE, subject=f"digest:{today.isoformat()}", stage=STAGE, title=title, body=body,
                      link="/ledger", area_code=area)
    recipient = account(head)
    return sum(enqueue(session, message=message, recipient=recipient, channel=channel, now=now)
               for channel in CHANNELS)
