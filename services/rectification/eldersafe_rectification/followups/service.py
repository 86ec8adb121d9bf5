"""Follow-up visits (回头看): due a set number of days after a facility's last sign-off, plus a monthly draw.

Rectification decides *when* a facility is to be visited again; the inspection service plans the visit as a task
of mode follow_up when it reads ``follow_up.requested``. A failed follow-up comes back as ``hazard.found`` with mode
follow_up and reopens the signed-off entry as a relapse (ledger intake).
"""

from __future__ import annotations

import calendar
import math
import random
import uuid
from datetime import date, datetime, timedelta

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import CAMPAIGN_ROLES, Principal, Role

from ..campaigns import service as campaigns
from ..ledger.overdue import today_china
from ..ledger.states import FINISHED
from . import events, repository
from .models import FollowUp, FollowUpPolicy, FollowUpSampleRun
from .schemas import FollowUpPage, FollowUpPolicyPublic, FollowUpPolicyUpdate, FollowUpPublic

DEFAULT_DELAY_DAYS = 30
DEFAULT_SAMPLE_PERCENT = 10
# The campaign's roles but the facility side: follow-up visits are the departments' planning, not the facility's.
STAFF_READERS = tuple(role for role in CAMPAIGN_ROLES if role is not Role.facility)
POLICY_WRITERS = (Role.civil_affairs, Role.admin, Role.task_force)
_draw = random.SystemRandom()


def _policy_values(session: Session, campaign_id: str) -> tuple[int, int]:
    policy = repository.policy(session, campaign_id)
    if policy is None:
        return DEFAULT_DELAY_DAYS, DEFAULT_SAMPLE_PERCENT
    return policy.delay_days, policy.monthly_sample_percent


def get_policy(session: Session, *, principal: Principal, campaign_id: str) -> FollowUpPolicyPublic:
    """The campaign's follow-up policy (defaults when none was set)."""
    principal.require(*STAFF_READERS)
    policy = repository.policy(session, campaign_id)
    if policy is None:
        return FollowUpPolicyPublic(campaign_id=campaign_id, delay_days=DEFAULT_DELAY_DAYS,
                                    monthly_sample_percent=DEFAULT_SAMPLE_PERCENT, updated_at=None)
    return FollowUpPolicyPublic.model_validate(policy, from_attributes=True)


def put_policy(session: Session, *, principal: Principal, campaign_id: str,
               data: FollowUpPolicyUpdate) -> FollowUpPolicyPublic:
    """Set the campaign's follow-up policy for follow-ups requested from now on (the campaign must exist)."""
    principal.require(*POLICY_WRITERS)
    campaigns.require(session, campaign_id=campaign_id, field="path.campaign_id")
    policy = repository.policy(session, campaign_id) or FollowUpPolicy(
        campaign_id=campaign_id, delay_days=data.delay_days, monthly_sample_percent=data.monthly_sample_percent,
        updated_at=clock.now())
    policy.delay_days, policy.monthly_sample_percent = data.delay_days, data.monthly_sample_percent
    policy.updated_by, policy.updated_at = principal.subject, clock.now()
    repository.save(session, policy)
    return FollowUpPolicyPublic.model_validate(policy, from_attributes=True)


def list_follow_ups(session: Session, *, principal: Principal, campaign_id: str | None, facility_id: str | None,
                    reason: str | None, page: int, page_size: int) -> FollowUpPage:
    """Follow-ups requested inside the caller's area, latest due first."""
    principal.require(*STAFF_READERS)
    rows, total = repository.page(session, area=principal.area, campaign_id=campaign_id, facility_id=facility_id,
                                  reason=reason, page=page, page_size=page_size)
    return FollowUpPage(items=[FollowUpPublic.model_validate(row) for row in rows], total=total, page=page,
                        page_size=page_size)


def _request(session: Session, *, campaign_id: str, facility_id: str, facility_name: str | None, area_code: str,
             departments: list[str], reason: str, due_date: date, sample_month: str | None = None) -> FollowUp | None:
    if repository.existing(session, campaign_id=campaign_id, facility_id=facility_id, reason=reason,
                           due_date=due_date) is not None:
        return None
    follow_up = FollowUp(id=str(uuid.uuid4()), campaign_id=campaign_id, facility_id=facility_id,
                         facility_name=facility_name, area_code=area_code, departments=departments, reason=reason,
                         due_date=due_date, sample_month=sample_month, requested_at=clock.now())
    repository.save(session, follow_up)
    events.emit_requested(session, follow_up)
    return follow_up


def on_signed_off(session: Session, *, campaign_id: str, facility_id: str, signed_off_at: datetime) -> FollowUp | None:
    """Request the follow-up when this sign-off left none of the facility's hazards in the campaign open."""
    hazards = repository.facility_hazards(session, campaign_id=campaign_id, facility_id=facility_id)
    if not hazards or any(h.state not in FINISHED for h in hazards):
        return None
    delay, _ = _policy_values(session, campaign_id)
    departments = sorted({d for h in hazards for d in h.departments})
    return _request(session, campaign_id=campaign_id, facility_id=facility_id,
                    facility_name=hazards[0].facility_name, area_code=hazards[0].area_code,
                    departments=departments, reason="all_signed_off",
                    due_date=today_china(signed_off_at) + timedelta(days=delay))


def draw_monthly_samples(session: Session, *, today: date | None = None,
                         rng: random.Random | None = None) -> int:
    """Make this month's draw for every campaign that has not had it; return the follow-ups requested.

    The draw is from facilities whose every hazard is signed off and that have no visit due from the first of
    the month on. Its row is written first, so a second worker racing for the same month fails on the primary key
    and rolls back instead of drawing twice.
    """
    day = today or today_china()
    month = f"{day:%Y-%m}"
    first = day.replace(day=1)
    last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    requested = 0
    for campaign_id in repository.campaigns_with_hazards(session):
        if repository.sample_run(session, campaign_id=campaign_id, month=month) is not None:
            continue
        _, percent = _policy_values(session, campaign_id)
        busy = repository.scheduled_from(session, campaign_id=campaign_id, day=first)
        eligible = [row for row in repository.fully_signed_off_facilities(session, campaign_id=campaign_id)
                    if row[0] not in busy]
        size = math.ceil(len(eligible) * percent / 100)
        chosen = (rng or _draw).sample(eligible, size) if size else []
        repository.save(session, FollowUpSampleRun(campaign_id=campaign_id, month=month, eligible=len(eligible),
                                                    drawn=len(chosen), ran_at=clock.now()))
        departments = repository.departments_of(session, campaign_id=campaign_id,
                                                facility_ids=[row[0] for row in chosen])
        for facility_id, name, area_code in sorted(chosen):
            if _request(session, campaign_id=campaign_id, facility_id=facility_id, facility_name=name,
                        area_code=area_code, departments=departments.get(facility_id, []), reason="monthly_sample",
                        due_date=last, sample_month=month) is not None:
                requested += 1
    return requested
