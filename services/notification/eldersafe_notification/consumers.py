"""Events this service reacts to, one consumer per concern. It never reads the registry's tables: it keeps its
own copy."""

from __future__ import annotations

from eldersafe_common.events import Consumer

from .campaigns.consumer import campaigns_consumer
from .contacts.consumer import contacts_consumer, facilities_consumer
from .hazards.consumer import hazards_consumer
from .webhooks.consumer import webhook_consumer


def consumers() -> list[Consumer]:
    return [facilities_consumer(), contacts_consumer(), hazards_consumer(), webhook_consumer(), campaigns_consumer()]
