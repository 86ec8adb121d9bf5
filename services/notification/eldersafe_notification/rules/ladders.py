"""What a set of ladders means for the hazards' ladder marks (``fired_offset``)."""

from __future__ import annotations

from collections.abc import Sequence

from ..hazards.models import NOT_STARTED
from .models import NotificationRule


def known_marks(rules: Sequence[NotificationRule]) -> list[int]:
    """Every mark a hazard can hold under ``rules``: not started, or one of their offsets."""
    return sorted({NOT_STARTED} | {int(stage["offset_days"]) for rule in rules for stage in rule.stages
                                   if stage.get("offset_days") is not None})
