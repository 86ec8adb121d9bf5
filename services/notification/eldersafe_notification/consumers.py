"""Events this service reacts to, one consumer per concern. It never reads the registry's tables: it keeps its
own copy."""

from __future__ import annotations

from eldersafe_common.events import Consumer

from .campaigns.consumer import campaigns_consumer
from .contacts.consumer import contacts_consumer, facilities_consumer
from .escalation.consumer import on_order
from .hazards import consumer as hazard_copies
from .webhooks.consumer import webhook_consumer


def hazards_consumer() -> Consumer:
    """The ledger's hazards and supervision orders: their copies (``hazards/``), and a new order's notice
    (``escalation/``, which reads those copies, so it is joined here rather than inside ``hazards/``)."""
    return Consumer("notification.hazards", {**hazard_copies.handlers(),
                                             **dict.fromkeys(hazard_copies.ORDER_EVENTS, on_order)})


def consumers() -> list[Consumer]:
    return [facilities_consumer(), contacts_consumer(), hazards_consumer(), webhook_consumer(), campaigns_consumer()]
