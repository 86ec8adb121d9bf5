"""A supervision order's events: the copy (``hazards/``), and at issue the notice to everyone named, enqueued in
the event's own transaction with its consumption row rather than a minute later by the tick."""

from __future__ import annotations

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.events import ReceivedEvent

from ..hazards.consumer import copy_order
from . import orders


def on_order(session: Session, event: ReceivedEvent) -> None:
    """Keep the order's copy; when it was just issued, notify everyone the ladder's ``issued`` stage names."""
    row = copy_order(session, event)
    if row is not None and event.type == "supervision_order.issued":
        orders.issue(session, order=row, now=clock.now())
