"""Events the registry reacts to. It never reads another service's tables: it keeps its own copy."""

from __future__ import annotations

from eldersafe_common.events import Consumer

from .campaigns.service import on_campaign
from .classification.service import on_facility_classified
from .plans.service import on_plan_approved


def consumers() -> list[Consumer]:
    return [
        Consumer("registry.plans", {"plan.approved": on_plan_approved}),
        Consumer("registry.classification", {"facility.classified": on_facility_classified}),
        Consumer("registry.campaigns", {"campaign.created": on_campaign, "campaign.updated": on_campaign}),
    ]
