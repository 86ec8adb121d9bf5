"""Tip rewards (举报奖励): the district's rule, and one reward per verified tip from proposal to payout.

The assigned department proposes, its head approves or rejects, the reward custodian (its own role) pays and
alone may read the reporter's contact. Every step is a versioned write with its ``reward.*`` event.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Position, Principal, Role
from eldersafe_common.clock import CHINA
from eldersafe_common.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from eldersafe_common.events import EventType

from ..tips import access
from ..tips.crypto import ContactUnreadable, decrypt_contact
from ..tips.models import Tip
from ..tips.reward_models import TipReward
from . import repository, rules
from .events import REWARD_APPROVED, REWARD_PAID, REWARD_PROPOSED, REWARD_REJECTED, announce
from .models import RewardRule
from .schemas import (
    RewardApprove,
    RewardContact,
    RewardCreate,
    RewardEventPayload,
    RewardPage,
    RewardPayout,
    RewardPublic,
    RewardReject,
    RewardRulePublic,
    RewardRuleUpdate,
)

DISTRICT_DIGITS = 6
# The custodian pays what was approved and needs no rule (least privilege).
RULE_READERS = tuple(role for role in Role if role not in (Role.facility, Role.city_platform, Role.reward_custodian))
# Civil affairs, the custodian and the supervisors read every reward in their area; other departments their own.
ALL_REWARDS_READERS = (Role.civil_affairs, Role.reward_custodian, Role.task_force, Role.admin)
PROPOSER_POSITIONS = (Position.staff, Position.head)


def today() -> date:
    """The district's current date (tests replace it)."""
    return clock.china_today()


def _district(area_code: str) -> str:
    return area_code[:DISTRICT_DIGITS]


def _is_custodian(principal: Principal) -> bool:
    return principal.role is Role.reward_custodian


# --- the rule -----------------------------------------------------------------------------------------------

def current_rule(session: Session, *, area_code: str) -> RewardRule:
    """The district's rule, or the model's defaults (not stored: a read never writes) while it has none."""
    district = _district(area_code)
    rule = repository.get_rule(session, district)
    if rule is None:
        rule = RewardRule(area_code=district, updated_at=None)  # type: ignore[arg-type]  # never updated
    return rule


def _rule_public(rule: RewardRule) -> RewardRulePublic:
    return RewardRulePublic(area_code=rule.area_code, percent_basis_points=rule.percent_basis_points,
                            minimum_fen=rule.minimum_fen, maximum_fen=rule.maximum_fen,
                            first_valid_only=rule.first_valid_only, updated_by_name=rule.updated_by_name,
                            updated_at=rule.updated_at)


def get_rule(session: Session, *, principal: Principal) -> RewardRulePublic:
    """The reward rule of the caller's district."""
    principal.require(*RULE_READERS)
    return _rule_public(current_rule(session, area_code=principal.area))


def update_rule(session: Session, *, principal: Principal, data: RewardRuleUpdate) -> RewardRulePublic:
    """Replace the district's rule (admin or the civil-affairs head); it applies to later proposals."""
    if not (principal.role is Role.admin
            or (principal.role is Role.civil_affairs and principal.position is Position.head)):
        raise Forbidden("Only an administrator or the civil-affairs head sets the reward rule.",
                        code="role_forbidden")
    if int(data.maximum_fen) < int(data.minimum_fen):
        raise Invalid("The maximum is below the minimum.", code="reward_rule_invalid", errors=[
            FieldError(field="body.maximum_fen", reason="must be at least minimum_fen")])
    rule = repository.lock_rule(session, _district(principal.area), now=clock.now())
    for name, value in data.model_dump().items():
        setattr(rule, name, value)
    rule.updated_by = principal.subject
    rule.updated_by_name = principal.name
    rule.updated_at = clock.now()
    session.add(rule)
    session.flush()
    return _rule_public(rule)


# --- reading ------------------------------------------------------------------------------------------------

def _reader_department(principal: Principal) -> str | None:
    """None when the caller reads every reward in their area, else the one department whose rewards they read."""
    if principal.role in ALL_REWARDS_READERS:
        return None
    if principal.is_department:
        return principal.role.value
    raise Forbidden("Your role may not read tip rewards.", code="role_forbidden")


def _public(reward: TipReward, *, tip_number: str, facility_name: str | None) -> RewardPublic:
    return RewardPublic.model_validate({
        **reward.model_dump(exclude={"area_code", "proposed_by", "decided_by", "paid_by"}),
        "tip_number": tip_number, "facility_name": facility_name})


def _public_one(session: Session, reward: TipReward) -> RewardPublic:
    number, facility_name = repository.tip_numbers(session, [reward.tip_id])[reward.tip_id]
    return _public(reward, tip_number=number, facility_name=facility_name)


def _visible(session: Session, *, principal: Principal, reward_id: str, for_update: bool = False) -> TipReward:
    department = _reader_department(principal)
    reward = repository.get_reward(session, reward_id, for_update=for_update)
    if reward is None or not principal.covers(reward.area_code) or department not in (None, reward.department):
        raise NotFound("No such reward.", code="reward_not_found")
    return reward


def list_rewards(session: Session, *, principal: Principal, status: str | None, page: int,
                 page_size: int) -> RewardPage:
    """Rewards the caller may read, newest proposal first."""
    department = _reader_department(principal)
    rows, total = repository.list_rewards(session, area=principal.area, department=department, status=status,
                                          offset=(page - 1) * page_size, limit=page_size)
    tips = repository.tip_numbers(session, (row.tip_id for row in rows))
    items = [_public(row, tip_number=tips[row.tip_id][0], facility_name=tips[row.tip_id][1]) for row in rows]
    return RewardPage(items=items, total=total, page=page, page_size=page_size)


def get_reward(session: Session, *, principal: Principal, reward_id: str) -> RewardPublic:
    """One reward the caller may read."""
    return _public_one(session, _visible(session, principal=principal, reward_id=reward_id))


# --- proposal -----------------------------------------------------------------------------------------------

def _not_eligible(reason: str, tip: Tip, earlier: str | None = None) -> Conflict:
    detail = rules.REFUSAL_DETAILS[reason]
    if reason == rules.NOT_FIRST_REPORTER and earlier:
        detail = f"{detail} ({earlier})"
    return Conflict(f"Tip {tip.number}: {detail}", code="reward_not_eligible", reason=reason)


def _facts(session: Session, tip: Tip) -> rules.TipFacts:
    return rules.TipFacts(
        status=tip.status, duplicate_of=tip.duplicate_of, has_major_hazard=repository.has_major_hazard(session, tip.id),
        has_contact=bool(tip.contact_ciphertext) and tip.contact_consent,
        earlier_rewarded_tip=repository.earlier_rewarded_tip(session, tip=tip))


def propose(session: Session, *, principal: Principal, tip_id: str, data: RewardCreate) -> RewardPublic:
    """Propose a reward for a verified tip (the assigned department's staff or head), amount by the rule."""
    tip = access.ensure_visible(principal, repository.get_tip(session, tip_id))
    if not (principal.is_department and principal.position in PROPOSER_POSITIONS
            and tip.assigned_department == principal.department):
        raise Forbidden("Only the department the tip was assigned to proposes its reward.",
                        code="department_forbidden")
    locked = repository.lock_facility_tips(session, tip_id=tip.id, facility_id=tip.facility_id)
    if locked is None:  # gone meanwhile (tips are never deleted today; a retention purge might)
        raise NotFound("Tip not found.", code="tip_not_found")
    tip = locked
    if repository.reward_for_tip(session, tip.id) is not None:
        raise Conflict(f"Tip {tip.number} already has a reward.", code="reward_exists")
    department = tip.assigned_department
    assert department is not None  # only its assigned department got this far
    rule = current_rule(session, area_code=tip.area_code)
    facts = _facts(session, tip)
    reason = rules.refusal(facts, basis=data.basis, first_valid_only=rule.first_valid_only)
    if reason is not None:
        raise _not_eligible(reason, tip, facts.earlier_rewarded_tip)
    amount = rules.reward_amount(fine_fen=data.fine_fen, basis_points=rule.percent_basis_points,
                                 minimum_fen=rule.minimum_fen, maximum_fen=rule.maximum_fen)
    reward = TipReward(
        id=str(uuid.uuid4()), tip_id=tip.id, area_code=tip.area_code, department=department,
        basis=data.basis, fine_fen=data.fine_fen, proposed_fen=amount, status="proposed",
        proposed_by=principal.subject, proposed_by_name=principal.name, proposed_at=clock.now(),
        proposal_note=data.note)
    session.add(reward)
    session.flush()
    announce(session, REWARD_PROPOSED, reward, tip_number=tip.number)
    return _public(reward, tip_number=tip.number, facility_name=tip.facility_name)


# --- decision and payout ------------------------------------------------------------------------------------

def _check_version(reward: TipReward, version: int) -> None:
    if reward.version != version:
        raise Conflict("The reward was changed meanwhile; reload it.", code="version_conflict")


def _require_status(reward: TipReward, *statuses: str, code: str) -> None:
    if reward.status not in statuses:
        raise Conflict(f"The reward is {reward.status}.", code=code)


def _head_of(principal: Principal, reward: TipReward) -> None:
    if not (principal.role.value == reward.department and principal.position is Position.head):
        raise Forbidden("Only the head of the reward's department decides it.", code="department_forbidden")


def _save(session: Session, reward: TipReward, event_type: EventType[RewardEventPayload]) -> RewardPublic:
    reward.version += 1
    session.add(reward)
    session.flush()
    public = _public_one(session, reward)
    announce(session, event_type, reward, tip_number=public.tip_number)
    return public


def approve(session: Session, *, principal: Principal, reward_id: str, data: RewardApprove) -> RewardPublic:
    """Approve a proposed reward, at the proposed amount or another within the rule (the department's head)."""
    reward = _visible(session, principal=principal, reward_id=reward_id, for_update=True)
    _head_of(principal, reward)
    _require_status(reward, "proposed", code="reward_decided")
    _check_version(reward, data.version)
    rule = current_rule(session, area_code=reward.area_code)
    amount = reward.proposed_fen if data.approved_fen is None else data.approved_fen
    if not rule.minimum_fen <= amount <= rule.maximum_fen:
        raise Invalid("The approved amount lies outside the reward rule.", code="reward_amount_invalid", errors=[
            FieldError(field="body.approved_fen",
                       reason=f"must lie between {rule.minimum_fen} and {rule.maximum_fen} fen")])
    tip = repository.get_tip(session, reward.tip_id)
    assert tip is not None
    # A proposal for an earlier reporter may have arrived after this one: the first valid reporter still wins.
    earlier = repository.earlier_rewarded_tip(session, tip=tip) if rule.first_valid_only else None
    if earlier is not None:
        raise _not_eligible(rules.NOT_FIRST_REPORTER, tip, earlier)
    reward.approved_fen = amount
    reward.status = "approved"
    _decided(reward, principal, data.note)
    return _save(session, reward, REWARD_APPROVED)


def reject(session: Session, *, principal: Principal, reward_id: str, data: RewardReject) -> RewardPublic:
    """Reject a proposed reward, saying why (the department's head)."""
    reward = _visible(session, principal=principal, reward_id=reward_id, for_update=True)
    _head_of(principal, reward)
    _require_status(reward, "proposed", code="reward_decided")
    _check_version(reward, data.version)
    reward.status = "rejected"
    _decided(reward, principal, data.note)
    return _save(session, reward, REWARD_REJECTED)


def _decided(reward: TipReward, principal: Principal, note: str | None) -> None:
    reward.decided_by = principal.subject
    reward.decided_by_name = principal.name
    reward.decided_at = clock.now()
    reward.decision_note = note


def _require_custodian(principal: Principal) -> None:
    if not _is_custodian(principal):
        raise Forbidden("Only the reward custodian may do this.", code="custodian_only")


def record_payout(session: Session, *, principal: Principal, reward_id: str, data: RewardPayout) -> RewardPublic:
    """Record that an approved reward was paid (the reward custodian)."""
    _require_custodian(principal)
    reward = _visible(session, principal=principal, reward_id=reward_id, for_update=True)
    _require_status(reward, "approved", code="reward_paid" if reward.status == "paid" else "reward_not_approved")
    _check_version(reward, data.version)
    decided_on = reward.decided_at.astimezone(CHINA).date() if reward.decided_at else None
    if data.paid_on > today():
        raise Invalid("A payout cannot be dated in the future.", code="payout_invalid",
                      errors=[FieldError(field="body.paid_on", reason="must not lie in the future")])
    if decided_on is not None and data.paid_on < decided_on:
        raise Invalid("A payout cannot precede its approval.", code="payout_invalid",
                      errors=[FieldError(field="body.paid_on", reason=f"must not precede the approval ({decided_on})")])
    reward.status = "paid"
    reward.paid_on = data.paid_on
    reward.payout_reference = data.payout_reference
    reward.paid_by = principal.subject
    reward.paid_by_name = principal.name
    reward.paid_at = clock.now()
    return _save(session, reward, REWARD_PAID)


def reveal_contact(session: Session, *, principal: Principal, reward_id: str) -> RewardContact:
    """The reporter's contact, for paying an approved reward (the reward custodian alone; the gateway audits it)."""
    _require_custodian(principal)
    reward = _visible(session, principal=principal, reward_id=reward_id)
    _require_status(reward, "approved", "paid", code="reward_not_approved")
    tip = repository.get_tip(session, reward.tip_id)
    if tip is None or not tip.contact_ciphertext or not tip.contact_consent:
        raise Conflict("The reporter left no contact.", code="no_contact")
    try:
        return RewardContact(contact=decrypt_contact(tip.contact_ciphertext, tip_id=tip.id))
    except ContactUnreadable as exc:
        raise Conflict("The contact cannot be read (altered, or the key changed).", code="contact_unreadable") from exc
