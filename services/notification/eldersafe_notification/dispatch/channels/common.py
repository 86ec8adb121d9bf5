"""What every channel takes and answers: the delivery snapshot and the outcome."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Delivery:
    """What a channel needs to send one notification, read in the claim transaction (no ORM object leaves it)."""

    id: str
    channel: str
    address: str
    recipient: str
    recipient_name: str | None
    title: str
    body: str
    link: str | None
    # webhook only: the subscription's signing secret and the JSON document to POST
    secret: str | None = None
    payload: str | None = None


@dataclass(frozen=True)
class Outcome:
    ok: bool
    detail: str
    # Retrying cannot help (a refused address, a deleted subscription): fail now instead of backing off.
    permanent: bool = False


Sender = Callable[[Delivery], Outcome]


def clip(text: str, limit: int = 300) -> str:
    """A provider's answer shortened for the attempt's detail (answers can be long or hostile)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

