"""Events this service reacts to, one consumer per domain, in the order the worker drains them."""

from __future__ import annotations

from eldersafe_common.events import Consumer

from .campaigns.consumer import campaigns_consumer
from .facilities.consumer import facilities_consumer
from .followups.consumer import follow_up_consumer
from .ledger.consumer import ledger_consumer
from .plans.consumer import plans_consumer


def consumers() -> list[Consumer]:
    return [
        facilities_consumer(),
        # Before the ledger: a hazard's deadline comes from its campaign's days (the intake waits for an
        # announced campaign it does not know yet, so this order only saves a retry).
        campaigns_consumer(),
        ledger_consumer(),
        plans_consumer(),
        follow_up_consumer(),
    ]
