"""The inbox (each account's own items) and the delivery log (admin, civil affairs head, task force leader)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from eldersafe_common.auth import Position, Principal, Role
from eldersafe_common.errors import Conflict, Forbidden, NotFound

from . import repository
from .models import Notification, NotificationAttempt
from .schemas import AttemptPublic, DeliveryDetail, DeliveryPage, DeliveryPublic, InboxItemPublic, InboxPage

# A district area code has six digits; its callers also see rows that carry no area (platform-wide webhooks).
DISTRICT_CODE_LENGTH = 6


def _inbox_of(principal: Principal) -> str:
    return f"account:{principal.subject}"


def inbox(session: Session, *, principal: Principal, unread: bool | None, page: int, page_size: int) -> InboxPage:
    """The caller's inbox, newest first."""
    rows, total = repository.inbox_page(session, recipient=_inbox_of(principal), unread=unread,
                                        offset=(page - 1) * page_size, limit=page_size)
    return InboxPage(items=[InboxItemPublic.model_validate(row.model_dump()) for row in rows], total=total,
                     page=page, page_size=page_size)


def unread_count(session: Session, *, principal: Principal) -> int:
    """How many of the caller's inbox items are unread."""
    return repository.unread_count(session, recipient=_inbox_of(principal))


def mark_read(session: Session, *, principal: Principal, notification_id: str, now: datetime) -> InboxItemPublic:
    """Mark one of the caller's items read (reading it again keeps the first time)."""
    row = repository.get(session, notification_id)
    if row is None or row.channel != "inbox" or row.recipient != _inbox_of(principal):
        raise NotFound("No such inbox item.", code="inbox_item_not_found")
    if row.read_at is None:
        row.read_at = now
        session.add(row)
        session.flush()
    return InboxItemPublic.model_validate(row.model_dump())


def mark_all_read(session: Session, *, principal: Principal, now: datetime) -> int:
    """Mark every unread item of the caller read."""
    return repository.mark_all_read(session, recipient=_inbox_of(principal), now=now)


def _require_log_reader(principal: Principal) -> None:
    allowed = (principal.role is Role.admin
               or (principal.role is Role.civil_affairs and principal.position is Position.head)
               or (principal.role is Role.task_force and principal.position is Position.leader))
    if not allowed:
        raise Forbidden("Only admins, the civil affairs head and the task force leader read the delivery log.",
                        code="role_forbidden")


def _covers(principal: Principal, row: Notification) -> bool:
    if row.area_code is None:
        return len(principal.area) <= DISTRICT_CODE_LENGTH
    return principal.covers(row.area_code)


def deliveries(session: Session, *, principal: Principal, status: str | None, channel: str | None,
               rule_key: str | None, recipient: str | None, created_from: datetime | None,
               created_to: datetime | None, page: int, page_size: int) -> DeliveryPage:
    """The delivery log inside the caller's area, newest first."""
    _require_log_reader(principal)
    rows, total = repository.delivery_page(
        session, area=principal.area, district_wide=len(principal.area) <= DISTRICT_CODE_LENGTH, status=status,
        channel=channel, rule_key=rule_key, recipient=recipient, created_from=created_from, created_to=created_to,
        offset=(page - 1) * page_size, limit=page_size)
    return DeliveryPage(items=[DeliveryPublic.model_validate(row.model_dump()) for row in rows], total=total,
                        page=page, page_size=page_size)


def _visible(session: Session, *, principal: Principal, notification_id: str) -> Notification:
    _require_log_reader(principal)
    row = repository.get(session, notification_id)
    if row is None or not _covers(principal, row):
        raise NotFound("No such delivery.", code="delivery_not_found")
    return row


def _detail(session: Session, row: Notification) -> DeliveryDetail:
    history = [AttemptPublic.model_validate(a.model_dump()) for a in repository.attempts_of(session, row.id)]
    return DeliveryDetail.model_validate({**row.model_dump(), "history": history})


def delivery(session: Session, *, principal: Principal, notification_id: str) -> DeliveryDetail:
    """One delivery with every attempt."""
    return _detail(session, _visible(session, principal=principal, notification_id=notification_id))


def retry(session: Session, *, principal: Principal, notification_id: str, now: datetime) -> DeliveryDetail:
    """Put a failed delivery (or an undeliverable one whose address is known now) back on the queue."""
    row = _visible(session, principal=principal, notification_id=notification_id)
    if row.status not in ("failed", "undeliverable"):
        raise Conflict(f"A delivery that is {row.status} cannot be retried.", code="delivery_not_retryable")
    if not row.address:
        raise Conflict("The recipient has no address on this channel; fix the contact first.",
                       code="delivery_no_address")
    row.status, row.next_attempt_at, row.claimed_until = "pending", now, None
    session.add(row)
    session.add(NotificationAttempt(notification_id=row.id, at=now, outcome="requeued",
                                    detail=f"retry requested by {principal.name or principal.subject}"[:1000]))
    session.flush()
    return _detail(session, row)
