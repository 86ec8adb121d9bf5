"""Tip rewards: the district's rule, proposals, decisions, payouts and the custodian's view of the contact."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from eldersafe_common.errors import problem_responses
from eldersafe_common.validation import only_query

from ...campaigns.fields import Page, PageSize
from ...deps import CurrentPrincipal, SessionDep
from . import service
from .fields import RewardStatus
from .schemas import (
    RewardApprove,
    RewardContact,
    RewardCreate,
    RewardPage,
    RewardPayout,
    RewardPublic,
    RewardReject,
    RewardRulePublic,
    RewardRuleUpdate,
)

router = APIRouter(prefix="/api/inspection", tags=["rewards"])


@router.get("/reward-rule", response_model=RewardRulePublic, responses=problem_responses(401, 403))
def get_rule(session: SessionDep, principal: CurrentPrincipal) -> RewardRulePublic:
    """The reward rule of the caller's district (the defaults until someone sets it)."""
    return service.get_rule(session, principal=principal)


@router.put("/reward-rule", response_model=RewardRulePublic, responses=problem_responses(401, 403, 422))
def update_rule(data: RewardRuleUpdate, session: SessionDep, principal: CurrentPrincipal) -> RewardRulePublic:
    """Set the district's reward rule (admin or the civil-affairs head)."""
    return service.update_rule(session, principal=principal, data=data)


@router.post("/tips/{tip_id}/reward", status_code=201, response_model=RewardPublic,
             responses=problem_responses(401, 403, 404, 409, 422))
def propose(tip_id: uuid.UUID, data: RewardCreate, session: SessionDep, principal: CurrentPrincipal) -> RewardPublic:
    """Propose a reward for a verified tip (the assigned department); 409 reward_not_eligible names the reason."""
    return service.propose(session, principal=principal, tip_id=str(tip_id), data=data)


@router.get("/rewards", response_model=RewardPage, responses=problem_responses(401, 403, 422),
            dependencies=[only_query("status", "page", "page_size")])
def list_rewards(
    session: SessionDep,
    principal: CurrentPrincipal,
    status: Annotated[RewardStatus | None, Query()] = None,
    page: Annotated[Page, Query()] = 1,
    page_size: Annotated[PageSize, Query()] = 20,
) -> RewardPage:
    """Rewards the caller may read (a department its own; civil affairs, task force, admin all), newest first."""
    return service.list_rewards(session, principal=principal, status=status, page=page, page_size=page_size)


@router.get("/rewards/{reward_id}", response_model=RewardPublic, responses=problem_responses(401, 403, 404, 422))
def get_reward(reward_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> RewardPublic:
    """One reward."""
    return service.get_reward(session, principal=principal, reward_id=str(reward_id))


@router.post("/rewards/{reward_id}/approve", response_model=RewardPublic,
             responses=problem_responses(401, 403, 404, 409, 422))
def approve(reward_id: uuid.UUID, data: RewardApprove, session: SessionDep,
            principal: CurrentPrincipal) -> RewardPublic:
    """Approve a proposed reward (the head of its department), optionally at another amount within the rule."""
    return service.approve(session, principal=principal, reward_id=str(reward_id), data=data)


@router.post("/rewards/{reward_id}/reject", response_model=RewardPublic,
             responses=problem_responses(401, 403, 404, 409, 422))
def reject(reward_id: uuid.UUID, data: RewardReject, session: SessionDep,
           principal: CurrentPrincipal) -> RewardPublic:
    """Reject a proposed reward with a note (the head of its department)."""
    return service.reject(session, principal=principal, reward_id=str(reward_id), data=data)


@router.post("/rewards/{reward_id}/payout", response_model=RewardPublic,
             responses=problem_responses(401, 403, 404, 409, 422))
def record_payout(reward_id: uuid.UUID, data: RewardPayout, session: SessionDep,
                  principal: CurrentPrincipal) -> RewardPublic:
    """Record the payment of an approved reward (the reward custodian)."""
    return service.record_payout(session, principal=principal, reward_id=str(reward_id), data=data)


@router.post("/rewards/{reward_id}/contact", response_model=RewardContact,
             responses=problem_responses(401, 403, 404, 409, 422))
def reveal_contact(reward_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> RewardContact:
    """The reporter's contact, to pay them (the reward custodian; a POST so that every reading is audited)."""
    return service.reveal_contact(session, principal=principal, reward_id=str(reward_id))
