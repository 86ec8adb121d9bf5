"""The reward domain's events (v1, subject ``reward:<id>``): the case and the amount, never the reporter."""

from __future__ import annotations

from sqlmodel import Session

from eldersafe_common.events import EventType, publish
from eldersafe_common.http import request_id_var

from ..tips.reward_models import TipReward
from .schemas import RewardEventPayload

PRODUCER = "inspection"

REWARD_PROPOSED = EventType("reward.proposed", 1, RewardEventPayload)
REWARD_APPROVED = EventType("reward.approved", 1, RewardEventPayload)
REWARD_REJECTED = EventType("reward.rejected", 1, RewardEventPayload)
REWARD_PAID = EventType("reward.paid", 1, RewardEventPayload)


def announce(session: Session, event_type: EventType[RewardEventPayload], reward: TipReward, *,
             tip_number: str) -> None:
    """Publish the reward's new state in the caller's transaction (the amount is the approved one once set)."""
    amount = reward.approved_fen if reward.approved_fen is not None else reward.proposed_fen
    payload = RewardEventPayload(reward_id=reward.id, tip_id=reward.tip_id, tip_number=tip_number,
                                 department=reward.department, amount_fen=amount, status=reward.status)
    publish(session, event_type, subject=f"reward:{reward.id}", payload=payload, producer=PRODUCER,
            request_id=request_id_var.get())
