"""Campaigns: phases, departments, target facilities and survey coverage (work plan 二.二, 三)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from typing import Any

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import CAMPAIGN_ROLES, Position, Principal, Role
from eldersafe_common.errors import FieldError, Forbidden, Invalid, NotFound
from eldersafe_common.http import ServiceClient

from ..targets.models import InspectionTarget
from . import areas, events, facts, repository
from .models import Campaign, CampaignFacility
from .schemas import (
    PHASE_FIELDS,
    CampaignCreate,
    CampaignFacilityPublic,
    CampaignFacilityUpdate,
    CampaignPage,
    CampaignPublic,
    CampaignSummary,
    CampaignUpdate,
    CoverageFacility,
    CoveragePublic,
)

WRITER_POSITIONS: dict[Role, tuple[Position, ...]] = {
    Role.civil_affairs: (Position.staff, Position.head),
    Role.task_force: (Position.leader, Position.deputy),
    Role.admin: (Position.staff,),
}


def today() -> date:
    """The district's current date (tests replace it)."""
    return clock.china_today()


def current_phase(campaign: Campaign, *, on: date) -> str:
    """planned before the survey starts, closed after the review ends, else the latest phase begun."""
    if on < campaign.survey_start:
        return "planned"
    if on > campaign.review_end:
        return "closed"
    if on >= campaign.review_start:
        return "review"
    if on >= campaign.rectification_start:
        return "rectification"
    return "survey"


def check_phases(values: dict[str, Any]) -> None:
    """Each phase ends on or after its start, and the next begins after the previous one ends."""
    errors: list[FieldError] = []
    for earlier, later in pairwise(PHASE_FIELDS):
        strictly = later.endswith("_start")  # a new phase starts the day after the last one ends
        first, second = values[earlier], values[later]
        if second < first or (strictly and second == first):
            relation = "after" if strictly else "on or after"
            errors.append(FieldError(field=f"body.{later}", reason=f"must be {relation} {earlier} ({first})"))
    if errors:
        raise Invalid("The campaign phases must run forwards and not overlap.", code="phases_invalid",
                      errors=errors)


def require_writer(principal: Principal) -> None:
    """Create and update: civil affairs, task force leader or deputy, admin."""
    positions = WRITER_POSITIONS.get(principal.role)
    if positions is None or principal.position not in positions:
        raise Forbidden("Your role may not plan campaigns.", code="role_forbidden")


def facility_scope(principal: Principal) -> str | None:
    """The facility a manager is limited to (None for everyone else); readers only."""
    principal.require(*CAMPAIGN_ROLES)
    if principal.role is Role.facility:
        if not principal.facility:
            raise Forbidden("The token names no facility.", code="facility_missing")
        return principal.facility
    return None


def covers_or_inside(principal: Principal, campaign: Campaign) -> bool:
    """The campaign covers the caller's area (a district campaign for a community officer) or lies inside it."""
    return principal.area.startswith(campaign.area_code) or principal.covers(campaign.area_code)


def visible_campaign(session: Session, *, principal: Principal, campaign_id: str) -> Campaign:
    """The campaign if the caller may see it (404 otherwise): it covers their area or lies inside it."""
    facility_id = facility_scope(principal)
    campaign = repository.get_campaign(session, campaign_id)
    if campaign is None:
        raise NotFound("No such campaign.", code="campaign_not_found")
    if facility_id is not None:
        row = repository.get_campaign_facility(session, campaign_id=campaign.id, facility_id=facility_id)
        if row is None:
            raise NotFound("No such campaign.", code="campaign_not_found")
    elif not covers_or_inside(principal, campaign):
        raise NotFound("No such campaign.", code="campaign_not_found")
    return campaign


def visible_targets(
    session: Session, *, principal: Principal, campaign: Campaign, included_only: bool = True,
) -> list[tuple[CampaignFacility, InspectionTarget]]:
    """The campaign's targets the caller may see: inside their area, a manager's own facility only."""
    return repository.campaign_facilities(
        session, campaign_id=campaign.id, area=principal.area, facility_id=facility_scope(principal),
        included_only=included_only,
    )


def coverage_of(
    session: Session, *, campaign: Campaign, targets: list[tuple[CampaignFacility, InspectionTarget]],
) -> CoveragePublic:
    """Which (facility, department) pairs a submitted official inspection has answered."""
    done = facts.covered_pairs(session, campaign_id=campaign.id)
    facilities = []
    pairs_done = 0
    for row, target in targets:
        have = [dept for dept in campaign.departments if (row.facility_id, dept) in done]
        pairs_done += len(have)
        facilities.append(CoverageFacility(
            facility_id=row.facility_id, name=target.name, area_code=target.area_code, departments_done=have,
            departments_missing=[dept for dept in campaign.departments if dept not in have],
        ))
    pairs_total = len(targets) * len(campaign.departments)
    return CoveragePublic(progress=round(pairs_done / pairs_total, 4) if pairs_total else 0.0,
                          pairs_total=pairs_total, pairs_done=pairs_done, facilities=facilities)


def _summary_fields(session: Session, *, principal: Principal, campaign: Campaign) -> dict[str, Any]:
    targets = visible_targets(session, principal=principal, campaign=campaign)
    coverage = coverage_of(session, campaign=campaign, targets=targets)
    return {
        **{name: getattr(campaign, name) for name in ("id", "name", "area_code", "departments", *PHASE_FIELDS)},
        "current_phase": current_phase(campaign, on=today()),
        "facilities_count": len(targets),
        "survey_progress": coverage.progress,
    }


def campaign_public(session: Session, *, principal: Principal, campaign: Campaign) -> CampaignPublic:
    return CampaignPublic(
        **_summary_fields(session, principal=principal, campaign=campaign),
        **{name: getattr(campaign, name) for name in ("deadline_days_major", "deadline_days_ordinary", "created_at",
                                                     "created_by", "updated_at", "updated_by")},
    )


def list_campaigns(
    session: Session, *, principal: Principal, phase: str | None, page: int, page_size: int,
) -> CampaignPage:
    """Campaigns the caller may see, newest survey first."""
    facility_id = facility_scope(principal)
    rows, total = repository.list_campaigns(
        session, area=principal.area, facility_id=facility_id, phase=phase, today=today(),
        offset=(page - 1) * page_size, limit=page_size,
    )
    items = [CampaignSummary(**_summary_fields(session, principal=principal, campaign=row)) for row in rows]
    return CampaignPage(items=items, total=total, page=page, page_size=page_size)


def get_campaign(session: Session, *, principal: Principal, campaign_id: str) -> CampaignPublic:
    """One campaign the caller may see."""
    campaign = visible_campaign(session, principal=principal, campaign_id=campaign_id)
    return campaign_public(session, principal=principal, campaign=campaign)


def _unique_departments(departments: Sequence[str]) -> None:
    seen: set[str] = set()
    for index, dept in enumerate(departments):
        if dept in seen:
            raise Invalid("A department is listed twice.", code="validation_failed",
                          errors=[FieldError(field=f"body.departments.{index}", reason="listed twice")])
        seen.add(dept)


def create_campaign(session: Session, *, principal: Principal, data: CampaignCreate, registry: ServiceClient,
                    token: str) -> CampaignPublic:
    """Create a campaign over a known area; its targets are every operating or suspended facility in it."""
    require_writer(principal)
    if not principal.covers(data.area_code):
        raise Invalid("The campaign's area must lie inside yours.", code="area_outside", errors=[
            FieldError(field="body.area_code", reason="outside the caller's area")])
    _unique_departments(data.departments)
    check_phases(data.model_dump())
    areas.require_known_area(registry, token=token, code=data.area_code, field="body.area_code")
    now = clock.now()
    campaign = Campaign(id=str(uuid.uuid4()), **data.model_dump(), created_at=now, created_by=principal.subject,
                        updated_at=now, updated_by=principal.subject)
    session.add(campaign)
    session.flush()
    for target in repository.active_targets_in_area(session, area_code=campaign.area_code):
        session.add(CampaignFacility(campaign_id=campaign.id, facility_id=target.facility_id, included=True,
                                     added_at=now))
    session.flush()
    events.campaign_created(session, campaign)
    return campaign_public(session, principal=principal, campaign=campaign)


def update_campaign(
    session: Session, *, principal: Principal, campaign_id: str, data: CampaignUpdate,
) -> CampaignPublic:
    """Change name, departments, phase dates or deadline defaults; the phases are checked as a whole."""
    require_writer(principal)
    campaign = visible_campaign(session, principal=principal, campaign_id=campaign_id)
    if not principal.covers(campaign.area_code):
        raise Forbidden("The campaign covers more than your area.", code="area_forbidden")
    changes = data.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise Invalid("A field may be left out but not set to null.", code="validation_failed",
                          errors=[FieldError(field=f"body.{name}", reason="must not be null")])
    if "departments" in changes:
        _unique_departments(changes["departments"])
    check_phases({name: changes.get(name, getattr(campaign, name)) for name in PHASE_FIELDS})
    campaign.sqlmodel_update(changes)
    campaign.updated_at = clock.now()
    campaign.updated_by = principal.subject
    session.add(campaign)
    session.flush()
    events.campaign_updated(session, campaign)
    return campaign_public(session, principal=principal, campaign=campaign)


def _facility_public(row: CampaignFacility, target: InspectionTarget | None) -> CampaignFacilityPublic:
    return CampaignFacilityPublic(
        facility_id=row.facility_id, name=target.name if target else None,
        area_code=target.area_code if target else None, status=target.status if target else None,
        included=row.included, reason=row.reason, added_at=row.added_at,
    )


def list_campaign_facilities(
    session: Session, *, principal: Principal, campaign_id: str,
) -> list[CampaignFacilityPublic]:
    """The campaign's targets inside the caller's area, excluded ones too (with the reason)."""
    campaign = visible_campaign(session, principal=principal, campaign_id=campaign_id)
    rows = visible_targets(session, principal=principal, campaign=campaign, included_only=False)
    return [_facility_public(row, target) for row, target in rows]


def set_campaign_facility(
    session: Session, *, principal: Principal, campaign_id: str, facility_id: str, data: CampaignFacilityUpdate,
) -> CampaignFacilityPublic:
    """Include or exclude a facility by hand; excluding needs a reason; a facility of the area may be added."""
    require_writer(principal)
    campaign = visible_campaign(session, principal=principal, campaign_id=campaign_id)
    target = repository.get_target(session, facility_id)
    if target is None or not principal.covers(target.area_code) or not target.area_code.startswith(
            campaign.area_code):
        raise NotFound("No such facility in this campaign's area.", code="facility_not_found")
    if not data.included and not data.reason:
        raise Invalid("Excluding a facility needs a reason.", code="reason_required",
                      errors=[FieldError(field="body.reason", reason="required when excluding")])
    row = repository.get_campaign_facility(session, campaign_id=campaign.id, facility_id=facility_id)
    if row is None:
        row = CampaignFacility(campaign_id=campaign.id, facility_id=facility_id, added_at=clock.now())
    row.included = data.included
    row.reason = data.reason
    session.add(row)
    session.flush()
    events.campaign_updated(session, campaign)
    return _facility_public(row, target)


def get_coverage(session: Session, *, principal: Principal, campaign_id: str) -> CoveragePublic:
    """Survey coverage of the caller's visible targets."""
    campaign = visible_campaign(session, principal=principal, campaign_id=campaign_id)
    return coverage_of(session, campaign=campaign,
                       targets=visible_targets(session, principal=principal, campaign=campaign))


# --- keeping targets in step with registry events (called from consumers.py) ---------------------------

EXCLUDING_STATUSES = {"shut_down": "机构已关停", "deregistered": "机构已注销"}


def on_facility_registered(session: Session, *, facility_id: str, area_code: str, status: str) -> None:
    """A facility registered inside an open campaign's area joins its targets (never re-includes by itself)."""
    if status not in repository.ACTIVE_STATUSES:
        return
    for campaign in repository.open_campaigns_covering(session, area_code=area_code, today=today()):
        if repository.get_campaign_facility(session, campaign_id=campaign.id, facility_id=facility_id) is None:
            session.add(CampaignFacility(campaign_id=campaign.id, facility_id=facility_id, included=True,
                                         reason="活动期间新登记", added_at=clock.now()))
            events.campaign_updated(session, campaign)
    session.flush()


def on_facility_status_changed(session: Session, *, facility_id: str, to_status: str) -> None:
    """A facility shut down or deregistered is excluded from open campaigns, with the reason."""
    reason = EXCLUDING_STATUSES.get(to_status)
    if reason is None:
        return
    for row in repository.open_campaign_rows_for(session, facility_id=facility_id, today=today()):
        if row.included:
            row.included = False
            row.reason = f"{reason}（{to_status}）"
            session.add(row)
            campaign = repository.get_campaign(session, row.campaign_id)
            if campaign is not None:
                events.campaign_updated(session, campaign)
    session.flush()
