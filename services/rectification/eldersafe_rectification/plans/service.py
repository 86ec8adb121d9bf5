"""Plan rules: who drafts and approves, what an approvable plan holds, and the drafts classification starts."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import CAMPAIGN_ROLES, Position, Principal, Role
from eldersafe_common.errors import Conflict, FieldError, Forbidden, Invalid, NotFound

from ..campaigns import service as campaigns
from ..facilities.models import RectificationFacility
from . import events, repository
from .models import FacilityPlan
from .schemas import MilestoneIn, PlanPage, PlanPublic, PlanSummary, PlanUpdate

# Decisions that stop the facility, so that its residents must move out first (P6).
STOPPING = ("shutdown", "suspend")
TEXT_FIELDS = ("measures", "relocation_plan", "support_measures", "enforcement_measures")


def today_china() -> date:
    """Today's date in China (due dates are Chinese calendar days)."""
    return clock.china_today()


def plan_public(plan: FacilityPlan) -> PlanPublic:
    return PlanPublic.model_validate(plan)


# --- who is who ---------------------------------------------------------------------------------------------

def is_writer(principal: Principal) -> bool:
    """Task force leader or deputy, civil affairs staff or head, admin."""
    if principal.role is Role.task_force:
        return principal.position in (Position.leader, Position.deputy)
    return principal.role in (Role.civil_affairs, Role.admin)


def _require_writer(principal: Principal) -> None:
    if not is_writer(principal):
        raise Forbidden("Your role may not change facility plans.", code="role_forbidden")


def _sees(principal: Principal, *, facility_id: str, area_code: str) -> bool:
    if principal.role not in CAMPAIGN_ROLES or not principal.covers(area_code):
        return False
    return principal.role is not Role.facility or principal.facility == facility_id


def own_facility(principal: Principal) -> str | None:
    """The facility a manager is limited to (None for every other role)."""
    if principal.role is not Role.facility:
        return None
    if not principal.facility:
        raise Forbidden("The token names no facility.", code="facility_missing")
    return principal.facility


def load_facility(session: Session, *, principal: Principal, facility_id: str) -> RectificationFacility:
    """The facility as kept here, or 404 when unknown or outside the caller's area."""
    principal.require(*CAMPAIGN_ROLES)
    facility = repository.facility(session, facility_id)
    if facility is None or not _sees(principal, facility_id=facility_id, area_code=facility.area_code):
        raise NotFound("Facility not found.", code="facility_not_found")
    return facility


def current_plan(session: Session, facility_id: str, *, approved: bool = False) -> FacilityPlan | None:
    """The facility's plan that applies now: the one of a campaign under way today (China date), else the newest.

    A facility has a plan per campaign; a later campaign decides anew, so an older campaign's plan is history.
    """
    plans = [p for p in repository.plans_of(session, facility_id) if not approved or p.state == "approved"]
    today = today_china()
    for plan in plans:
        campaign = campaigns.get(session, plan.campaign_id) if plan.campaign_id else None
        if campaign is not None and campaigns.is_current(campaign, on=today):
            return plan
    return plans[0] if plans else None


def _plan(session: Session, facility_id: str, campaign_id: str | None) -> FacilityPlan | None:
    if campaign_id is None:
        return current_plan(session, facility_id)
    return repository.plan_of(session, facility_id, campaign_id)


def _load_plan(session: Session, principal: Principal, facility_id: str,
               campaign_id: str | None = None) -> FacilityPlan:
    principal.require(*CAMPAIGN_ROLES)
    plan = _plan(session, facility_id, campaign_id)
    facility = repository.facility(session, facility_id)
    # The facility's current area decides; a draft started by classification may precede the facility's copy.
    area = facility.area_code if facility is not None else plan.area_code if plan is not None else None
    if area is None or not _sees(principal, facility_id=facility_id, area_code=area):
        raise NotFound("Facility not found.", code="facility_not_found")
    if plan is None:
        raise NotFound("The facility has no plan.", code="plan_not_found")
    return plan


def _touch(plan: FacilityPlan, principal: Principal | None) -> None:
    plan.updated_at = clock.now()
    plan.version += 1
    if principal is not None:
        plan.updated_by, plan.updated_by_name = principal.subject, principal.name


# --- reading ------------------------------------------------------------------------------------------------

def get_plan(session: Session, *, principal: Principal, facility_id: str,
             campaign_id: str | None = None) -> PlanPublic:
    """The facility's plan in the campaign (without one: the plan that applies now)."""
    return plan_public(_load_plan(session, principal, facility_id, campaign_id))


def list_plans(session: Session, *, principal: Principal, campaign_id: str | None, state: str | None,
               decision: str | None, page: int, page_size: int) -> PlanPage:
    """The plan board inside the caller's area, with relocation progress (a facility manager: their own)."""
    principal.require(*CAMPAIGN_ROLES)
    rows, total = repository.list_plans(
        session, area=principal.area, own_facility=own_facility(principal), campaign_id=campaign_id, state=state,
        decision=decision, offset=(page - 1) * page_size, limit=page_size)
    return PlanPage(items=[_summary(*row) for row in rows], total=total, page=page, page_size=page_size)


def _summary(plan: FacilityPlan, status: str | None, residents: int | None, relocated: int) -> PlanSummary:
    open_dues = [date.fromisoformat(m["due_date"]) for m in plan.milestones if not m.get("done")]
    return PlanSummary(
        id=plan.id, campaign_id=plan.campaign_id, facility_id=plan.facility_id, facility_name=plan.facility_name,
        area_code=plan.area_code, facility_status=status, decision=plan.decision, cooperation=plan.cooperation,
        state=plan.state, milestones_total=len(plan.milestones),
        milestones_done=sum(1 for m in plan.milestones if m.get("done")),
        next_due_date=min(open_dues, default=None), approved_at=plan.approved_at, relocated=relocated,
        remaining=residents, relocation_completed_at=plan.relocation_completed_at, updated_at=plan.updated_at,
    )


# --- drafting -----------------------------------------------------------------------------------------------

def _milestones(incoming: list[MilestoneIn], stored: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Milestones as stored; a milestone new to the plan may not be due in the past, a kept one may."""
    known = {(m["title"], m["due_date"]): m for m in stored}
    today = today_china()
    errors, result = [], []
    for index, milestone in enumerate(incoming):
        due = milestone.due_date.isoformat()
        previous = known.get((milestone.title, due))
        if previous is None and milestone.due_date < today:
            errors.append(FieldError(field=f"body.milestones.{index}.due_date", reason="may not lie in the past"))
        was_done = previous is not None and previous.get("done")
        done_at = (previous or {}).get("done_at") if was_done else clock.now().isoformat()
        result.append({"title": milestone.title, "owner": milestone.owner, "due_date": due, "done": milestone.done,
                       "done_at": done_at if milestone.done else None})
    if errors:
        raise Invalid("A milestone is due in the past.", code="validation_failed", errors=errors)
    return result


def put_plan(session: Session, *, principal: Principal, facility_id: str,
             data: PlanUpdate) -> tuple[PlanPublic, bool]:
    """Create the facility's plan in the campaign or replace its draft; return it and whether it was created."""
    facility = load_facility(session, principal=principal, facility_id=facility_id)
    _require_writer(principal)
    campaign_id = data.campaign_id or facility.classified_campaign_id
    if campaign_id is None:
        raise Invalid("Name the campaign the plan belongs to.", code="validation_failed", errors=[
            FieldError(field="body.campaign_id", reason="required: the facility has not been classified")])
    campaigns.require_for_facility(session, campaign_id=campaign_id, facility_id=facility_id)
    plan = repository.plan_of(session, facility_id, campaign_id)
    created = plan is None
    if plan is not None:
        if plan.state == "approved":
            raise Conflict("An approved plan is locked.", code="plan_approved")
        if data.version is None:
            raise Invalid("The plan exists: send its version.", code="validation_failed", errors=[
                FieldError(field="body.version", reason="required to change an existing plan")])
        if data.version != plan.version:
            raise Conflict("The plan was changed meanwhile; reload it.", code="version_conflict")
    milestones = _milestones(data.milestones, plan.milestones if plan is not None else [])
    now = clock.now()
    if plan is None:
        plan = FacilityPlan(
            id=str(uuid.uuid4()), campaign_id=campaign_id, facility_id=facility.facility_id,
            area_code=facility.area_code, decision=data.decision, created_by=principal.subject,
            created_by_name=principal.name, created_at=now, updated_at=now, version=0,
        )
    plan.facility_name, plan.area_code = facility.name, facility.area_code
    plan.decision, plan.cooperation, plan.milestones = data.decision, data.cooperation, milestones
    for name in TEXT_FIELDS:
        setattr(plan, name, getattr(data, name) or None)  # blank text counts as missing at approval
    _touch(plan, principal)
    if created and not repository.insert_plan(session, plan):
        raise Conflict("The facility got a plan meanwhile; reload it.", code="version_conflict")
    repository.save(session, plan)
    return plan_public(plan), created


def mark_milestone(session: Session, *, principal: Principal, facility_id: str, index: int, done: bool,
                   campaign_id: str | None = None) -> PlanPublic:
    """Tick a milestone done or not (allowed on an approved plan: carrying it out is the point)."""
    plan = _load_plan(session, principal, facility_id, campaign_id)
    _require_writer(principal)
    if not 0 <= index < len(plan.milestones):
        raise NotFound("The plan has no such milestone.", code="milestone_not_found")
    milestones = [dict(m) for m in plan.milestones]
    milestone = milestones[index]
    if bool(milestone.get("done")) != done:
        milestone["done"], milestone["done_at"] = done, clock.now().isoformat() if done else None
        plan.milestones = milestones  # a new list, so that the JSON column is seen as changed
        _touch(plan, principal)
        repository.save(session, plan)
    return plan_public(plan)


# --- approval -----------------------------------------------------------------------------------------------

def missing_parts(plan: FacilityPlan) -> list[FieldError]:
    """What the plan still lacks before the leader may approve it."""
    missing = []
    if not plan.campaign_id:
        missing.append(FieldError(field="plan.campaign_id", reason="required: a plan belongs to a campaign"))
    if not plan.measures:
        missing.append(FieldError(field="plan.measures", reason="required"))
    if not plan.milestones:
        missing.append(FieldError(field="plan.milestones", reason="at least one milestone is required"))
    if plan.decision in STOPPING and not plan.relocation_plan:
        missing.append(FieldError(field="plan.relocation_plan",
                                  reason=f"required when the decision is {plan.decision}"))
    if plan.cooperation is None:
        missing.append(FieldError(field="plan.cooperation", reason="required: cooperative or uncooperative"))
    elif plan.cooperation == "cooperative" and not plan.support_measures:
        missing.append(FieldError(field="plan.support_measures", reason="required for a cooperative facility"))
    elif plan.cooperation == "uncooperative" and not plan.enforcement_measures:
        missing.append(FieldError(field="plan.enforcement_measures",
                                  reason="required for an uncooperative facility"))
    return missing


def approve(session: Session, *, principal: Principal, facility_id: str, note: str | None,
            campaign_id: str | None = None) -> PlanPublic:
    """Approve the plan (the task force leader alone) and publish ``plan.approved``."""
    plan = _load_plan(session, principal, facility_id, campaign_id)
    if principal.role is not Role.task_force or principal.position is not Position.leader:
        raise Forbidden("Only the task force leader approves a facility plan.", code="not_leader")
    if plan.state == "approved":
        raise Conflict("The plan is already approved.", code="plan_approved")
    missing = missing_parts(plan)
    if missing:
        raise Invalid("The plan is incomplete.", code="plan_incomplete", errors=missing)
    plan.state = "approved"
    plan.approved_by, plan.approved_by_name = principal.subject, principal.name
    plan.approved_at, plan.approval_note = clock.now(), note
    _touch(plan, principal)
    repository.save(session, plan)
    events.plan_approved(session, plan)
    return plan_public(plan)


# --- from events --------------------------------------------------------------------------------------------

def draft_from_classification(session: Session, *, facility_id: str, area_code: str, campaign_id: str,
                              klass: str, decided_by: str | None) -> FacilityPlan | None:
    """Start a draft with the decision when a facility is classified shutdown or suspend and has no plan yet in
    that campaign."""
    if klass not in STOPPING or repository.plan_of(session, facility_id, campaign_id) is not None:
        return None
    facility = repository.facility(session, facility_id)
    now = clock.now()
    plan = FacilityPlan(
        id=str(uuid.uuid4()), campaign_id=campaign_id, facility_id=facility_id,
        facility_name=facility.name if facility is not None else None,
        area_code=facility.area_code if facility is not None else area_code, decision=klass,
        created_by=decided_by, created_at=now, updated_by=decided_by, updated_at=now, version=1,
    )
    repository.save(session, plan)
    return plan


def follow_facility(session: Session, *, facility_id: str, name: str, area_code: str) -> None:
    """Keep the plans' facility name and area as the registry announces them (the area decides who sees them)."""
    for plan in repository.plans_of(session, facility_id):
        if (plan.facility_name, plan.area_code) != (name, area_code):
            plan.facility_name, plan.area_code = name, area_code
            # A plan edit writes these columns too: without the bump it would pass its version check and put
            # back the name it read before this change.
            plan.version += 1
            repository.save(session, plan)


def complete_relocation(session: Session, *, facility_id: str, to_status: str) -> FacilityPlan | None:
    """Mark the approved plan's relocation complete when the facility stops, once, and announce it."""
    if to_status not in ("suspended", "shut_down"):
        return None
    # The registry let it stop on the approved plan of a campaign under way: that plan's relocation is complete.
    plan = current_plan(session, facility_id, approved=True)
    if plan is None or plan.relocation_completed_at is not None:
        return None
    plan.relocation_completed_at = clock.now()
    _touch(plan, None)
    repository.save(session, plan)
    events.relocation_completed(session, plan, to_status=to_status,
                                relocated=repository.count_relocations(session, facility_id))
    return plan
