"""The in-app inbox: the notification row is the inbox item, so there is nothing to send."""

from __future__ import annotations

from .common import Delivery, Outcome


def send(delivery: Delivery) -> Outcome:
    """Mark the item delivered; the account reads it through GET /inbox."""
    return Outcome(True, f"in the inbox of {delivery.recipient}")
