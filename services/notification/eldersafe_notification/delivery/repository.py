"""Queries on the delivery record: the dispatcher's claim, the inbox and the delivery log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from .models import Notification, NotificationAttempt


def get(session: Session, notification_id: str, *, for_update: bool = False) -> Notification | None:
    return session.get(Notification, notification_id, with_for_update=for_update)


def with_subject(session: Session, subject: str) -> Notification:
    """The one notification about ``subject`` (a subject only one row has, such as a ping's)."""
    return session.exec(select(Notification).where(col(Notification.subject) == subject)).one()


def due(session: Session, *, now: datetime, limit: int) -> list[Notification]:
    """Rows to send now, locked for this transaction; rows another dispatcher holds are skipped (PostgreSQL).

    SQLite has no row locks: its one writer at a time (BEGIN IMMEDIATE) gives the same guarantee.
    """
    stmt = (
        select(Notification)
        .where(or_(
            and_(col(Notification.status).in_(["pending", "held"]), col(Notification.next_attempt_at) <= now),
            and_(col(Notification.status) == "sending", col(Notification.claimed_until) <= now),
        ))
        .order_by(col(Notification.next_attempt_at))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(session.exec(stmt))


def failures_since_requeue(session: Session, notification_id: str) -> tuple[int, datetime | None]:
    """How many failed attempts since the last manual retry, and when the first of them was."""
    requeued = select(func.max(NotificationAttempt.at)).where(
        col(NotificationAttempt.notification_id) == notification_id, col(NotificationAttempt.outcome) == "requeued"
    ).scalar_subquery()
    count, first = session.exec(
        select(func.count(), func.min(NotificationAttempt.at)).where(
            col(NotificationAttempt.notification_id) == notification_id,
            col(NotificationAttempt.outcome) == "failed",
            or_(requeued.is_(None), col(NotificationAttempt.at) >= requeued),
        )
    ).one()
    return int(count), first


def attempts_of(session: Session, notification_id: str) -> list[NotificationAttempt]:
    stmt = (select(NotificationAttempt).where(col(NotificationAttempt.notification_id) == notification_id)
            .order_by(col(NotificationAttempt.at), col(NotificationAttempt.id)))
    return list(session.exec(stmt))


def _inbox(stmt: SelectOfScalar, *, recipient: str, unread: bool | None) -> SelectOfScalar:
    stmt = stmt.where(col(Notification.recipient) == recipient, col(Notification.channel) == "inbox")
    if unread is True:
        stmt = stmt.where(col(Notification.read_at).is_(None))
    elif unread is False:
        stmt = stmt.where(col(Notification.read_at).is_not(None))
    return stmt


def inbox_page(session: Session, *, recipient: str, unread: bool | None, offset: int,
               limit: int) -> tuple[list[Notification], int]:
    """The account's inbox, newest first."""
    total = session.exec(_inbox(select(func.count()).select_from(Notification), recipient=recipient,
                                unread=unread)).one()
    rows = session.exec(_inbox(select(Notification), recipient=recipient, unread=unread)
                        .order_by(col(Notification.created_at).desc(), col(Notification.id)).offset(offset)
                        .limit(limit))
    return list(rows), total


def unread_count(session: Session, *, recipient: str) -> int:
    return session.exec(_inbox(select(func.count()).select_from(Notification), recipient=recipient,
                               unread=True)).one()


def mark_all_read(session: Session, *, recipient: str, now: datetime) -> int:
    result = session.connection().execute(
        update(Notification)
        .where(col(Notification.recipient) == recipient, col(Notification.channel) == "inbox",
               col(Notification.read_at).is_(None))
        .values(read_at=now)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _log(stmt: SelectOfScalar, *, area: str, district_wide: bool, status: str | None, channel: str | None,
         rule_key: str | None, recipient: str | None, created_from: datetime | None,
         created_to: datetime | None) -> SelectOfScalar:
    # A row without an area (a webhook of an event with none) belongs to the whole district.
    in_area = col(Notification.area_code).startswith(area, autoescape=True)
    stmt = stmt.where(or_(in_area, col(Notification.area_code).is_(None)) if district_wide else in_area)
    for column, value in ((Notification.status, status), (Notification.channel, channel),
                          (Notification.rule_key, rule_key), (Notification.recipient, recipient)):
        if value is not None:
            stmt = stmt.where(col(column) == value)
    if created_from is not None:
        stmt = stmt.where(col(Notification.created_at) >= created_from)
    if created_to is not None:
        stmt = stmt.where(col(Notification.created_at) < created_to)
    return stmt


def delivery_page(session: Session, *, offset: int, limit: int, **filters: object) -> tuple[list[Notification], int]:
    """The delivery log, newest first."""
    total = session.exec(_log(select(func.count()).select_from(Notification), **filters)).one()  # type: ignore[arg-type]
    rows = session.exec(_log(select(Notification), **filters)  # type: ignore[arg-type]
                        .order_by(col(Notification.created_at).desc(), col(Notification.id))
                        .offset(offset).limit(limit))
    return list(rows), total
