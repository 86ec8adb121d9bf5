"""A ladder stage written in SQL: one INSERT … SELECT puts every (due hazard, recipient, channel) on the queue,
with the words of ``messages.hazard_message`` built in SQL, and one more records the undeliverable ones'
attempts. Nothing passes through Python row by row, so a day's first tick over a million hazards stays short.

The words must stay those of ``messages.hazard_message`` (a test compares the two for every stage).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Insert,
    Integer,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlmodel import Session, col

from eldersafe_common import clock
from eldersafe_common.db import UtcDateTime
from eldersafe_common.events import EventRecord

from ...delivery.enqueue import insert_once
from ...delivery.models import Notification, NotificationAttempt
from ...hazards.repository import finding_column, item_column
from .. import events
from ..messages import LATE_DUE_DAY, STAGE_NAMES
from . import due, recipients

H = due.H
N = Notification
TEXT = String()
COLUMNS = ["id", "rule_key", "subject", "stage", "recipient", "channel", "recipient_name", "address", "major",
           "area_code", "title", "body", "link", "status", "attempts", "next_attempt_at", "created_at"]


def _hex(dialect: str, value: ColumnElement[Any], digits: int) -> ColumnElement[Any]:
    if dialect == "postgresql":
        return func.lpad(func.to_hex(value), digits, literal("0"))
    return func.printf(literal(f"%0{digits}x"), value)


def _new_id(dialect: str, order: Sequence[ColumnElement[Any]]) -> ColumnElement[Any]:
    """A UUIDv7 (as ``enqueue.time_ordered_id``) built in SQL: the statement's milliseconds, then the row's rank
    in ``order`` (26 bits: the version's 12, the variant's 2 and 12 more), then 48 random bits. The ids of one
    statement ascend in the order the rows are inserted, so the primary-key index is appended to."""
    milliseconds = f"{time.time_ns() // 1_000_000 & (1 << 48) - 1:012x}"
    rank = func.row_number().over(order_by=order) - 1
    random = (func.substr(func.md5(cast(func.random(), TEXT)), 1, 12) if dialect == "postgresql"
              else func.lower(func.hex(func.randomblob(6))))
    # Bit operations, not division: "/" is numeric on PostgreSQL and to_hex wants an integer.
    high, variant, low = rank.op(">>")(14).op("&")(0xFFF), rank.op(">>")(12).op("&")(3), rank.op("&")(0xFFF)
    return (literal(f"{milliseconds[:8]}-{milliseconds[8:]}-7") + _hex(dialect, high, 3) + literal("-")
            + func.substr(literal("89ab"), cast(1 + variant, Integer), 1) + _hex(dialect, low, 3) + literal("-")
            + random)


def _deadline_words(dialect: str) -> ColumnElement[Any]:
    # "2026年09月30日" (messages.hazard_message's f"{deadline:%Y年%m月%d日}")
    if dialect == "postgresql":
        return func.to_char(col(H.deadline), literal_column("'YYYY\"年\"MM\"月\"DD\"日\"'"))
    iso = col(H.deadline)
    return (func.substr(iso, 1, 4) + literal("年") + func.substr(iso, 6, 2) + literal("月") + func.substr(iso, 9, 2)
            + literal("日"))


def _days_left(dialect: str, today: date) -> ColumnElement[Any]:
    if dialect == "postgresql":
        return col(H.deadline) - literal(today)
    return cast(func.julianday(col(H.deadline)) - func.julianday(literal(today.isoformat())), Integer)


def _when(dialect: str, today: date) -> ColumnElement[Any]:
    # messages.when: "还有2天到期" / "今天到期" / "已逾期5天"
    days = _days_left(dialect, today)
    return case((days > 0, literal("还有") + cast(days, TEXT) + literal("天到期")),
                (days == 0, literal("今天到期")),
                else_=literal("已逾期") + cast(-days, TEXT) + literal("天"))


def _words(dialect: str, *, stage: str, today: date) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    # messages.finding_words: the finding leads, the item is context ("（检查项：…）"), else the item, else "隐患".
    place = func.coalesce(col(due.F.name), literal("养老机构"))
    finding, item = finding_column(), item_column()
    what = func.coalesce(finding, item, literal("隐患"))
    context = case((and_(finding.is_not(None), item.is_not(None)), literal("（检查项：") + item + literal("）")),
                   else_=literal(""))
    grade = case((col(H.severity) == "major", literal("重大事故隐患")), else_=literal("隐患"))
    tag: ColumnElement[Any] = literal(STAGE_NAMES.get(stage, "隐患提醒"))
    if stage == "due_day":  # messages.stage_name: a due-day notice caught up after its deadline is tagged late
        tag = case((_days_left(dialect, today) < 0, literal(LATE_DUE_DAY)), else_=tag)
    title = literal("【") + tag + literal("】") + place + literal("：") + what
    body = (place + literal("的") + grade + literal("「") + what + literal("」") + context + literal("整改期限为")
            + _deadline_words(dialect) + literal("，") + _when(dialect, today)
            + literal("。请及时督促整改，并在系统中查看详情。"))
    return func.substr(title, 1, 200), func.substr(body, 1, 4000)


def _channels(channels: Sequence[str]) -> Any:
    return union_all(*(select(literal(channel).label("channel")) for channel in channels)).subquery("ch") \
        if len(channels) > 1 else select(literal(channels[0]).label("channel")).subquery("ch")


def stage_insert(dialect: str, *, rule_key: str, stage: str, kinds: Sequence[str], channels: Sequence[str],
                 today: date, now: datetime, not_before: date | None,
                 superseded_from: date | None = None) -> Insert | None:
    """INSERT INTO notification … SELECT every recipient × channel of the due set, skipping existing rows.

    A person without an account gets SMS only; the address is the channel's (phone, email, the account for
    the inbox); none → ``undeliverable``. ``not_before``: reminders skip hazards whose deadline has passed.
    ``superseded_from``: a reminder skips hazards whose deadline is at or before this date, because a later
    reminder is due for them in the same tick (only the latest applies: "3 days left" a day before is wrong).
    """
    people = recipients.recipient_union(kinds)
    if people is None or not channels:
        return None
    ch = _channels(channels)
    address = case((ch.c.channel == "sms", people.c.phone), (ch.c.channel == "email", people.c.email),
                   (and_(ch.c.channel == "inbox", people.c.account == 1), people.c.key), else_=None)
    title, body = _words(dialect, stage=stage, today=today)
    at = literal(now, UtcDateTime())
    subject = literal("hazard:") + col(H.id) + literal("@") + cast(col(H.deadline), TEXT)
    recipient = func.substr(people.c.key, 1, 200)
    # Rows go in in the unique key's order (rule_key and stage are the statement's constants), with ids
    # ascending the same way: both indexes are written left to right rather than at random.
    key_order = [subject, recipient, ch.c.channel]
    rows = (select(_new_id(dialect, key_order), literal(rule_key), subject, literal(stage),
                   recipient, ch.c.channel, func.substr(people.c.name, 1, 100),
                   address, cast(col(H.severity) == "major", Boolean), col(H.area_code), title, body,
                   literal("/hazards/") + col(H.id),
                   case((address.is_(None), literal("undeliverable")), else_=literal("pending")),
                   literal(0), at, at)
            .select_from(people).join(H, col(H.id) == people.c.hazard_id).join(ch, literal(True))
            .outerjoin(due.F, col(due.F.id) == col(H.facility_id))
            .outerjoin(due.ITEM, col(due.ITEM.hazard_key) == col(H.hazard_key))
            .where(or_(people.c.account == 1, ch.c.channel == "sms")))
    if not_before is not None:
        rows = rows.where(col(H.deadline) >= not_before)
    if superseded_from is not None:
        rows = rows.where(col(H.deadline) > superseded_from)
    return insert_once(dialect).from_select(COLUMNS, rows.order_by(*key_order))


def undeliverable_attempts(*, rule_key: str, stage: str, now: datetime) -> Insert:
    """An ``undeliverable`` attempt for each row just enqueued without an address (found through the due index:
    status and next_attempt_at = now) that has none yet."""
    at = literal(now, UtcDateTime())
    detail = (literal("no ") + col(N.channel) + literal(" address for ")
              + func.coalesce(col(N.recipient_name), col(N.recipient)))
    A = NotificationAttempt
    rows = select(col(N.id), at, literal("undeliverable"), detail).where(
        col(N.status) == "undeliverable", col(N.next_attempt_at) == now, col(N.rule_key) == rule_key,
        col(N.stage) == stage, ~exists().where(col(A.notification_id) == col(N.id)))
    return insert(A).from_select(["notification_id", "at", "outcome", "detail"], rows)


def publish_escalated(session: Session, hazards: Iterable[Any], *, stage: str, today: date) -> int:
    """``hazard.escalated`` for each hazard (rows of ``due.hazard_details``), in one executemany.

    What ``events.escalated`` does one event at a time (an ORM flush each: thousands on a day's first tick at
    a million hazards): the same records, payloads validated by the same model, in the tick's transaction.
    """
    at = clock.now()
    kind = events.HAZARD_ESCALATED
    rows = [{"type": kind.name, "version": kind.version, "subject": f"hazard:{hazard.id}",
             "producer": events.PRODUCER, "occurred_at": at, "recorded_at": at, "request_id": None,
             "payload": events.HazardEscalatedPayload(
                 hazard_id=hazard.id, facility_id=hazard.facility_id, area_code=hazard.area_code,
                 severity=hazard.severity, deadline=hazard.deadline, stage=stage,
                 days_overdue=(today - hazard.deadline).days).model_dump(mode="json")}
            for hazard in hazards]
    if rows:
        session.connection().execute(insert(EventRecord), rows)
    return len(rows)
