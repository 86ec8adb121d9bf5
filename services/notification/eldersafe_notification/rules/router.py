"""Ladders, quiet hours and the digest time, and the admin's working-day calendar (admins only)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from eldersafe_common.errors import problem_responses

from ..deps import CurrentPrincipal, SessionDep
from . import service
from .schemas import (
    CalendarDayList,
    CalendarDayPublic,
    CalendarDayUpdate,
    CalendarYearKnowledge,
    CalendarYearList,
    CalendarYearStatus,
    CalendarYearUpdate,
    CampaignId,
    RuleList,
    RulePublic,
    RuleUpdate,
    SettingsPublic,
    SettingsUpdate,
    Severity,
)

router = APIRouter(prefix="/api/notification", tags=["notification rules"])
RuleKeyPath = Annotated[str, Path(max_length=64, description="hazard.deadline or supervision_order.deadline")]
SeverityQuery = Annotated[Severity | None, Query(description="The severity variant; omit for any severity")]
CampaignQuery = Annotated[CampaignId | None, Query(description="The campaign variant; omit for any campaign")]
Year = Annotated[int, Path(ge=2000, le=2100)]
Day = Annotated[date, Path(description="YYYY-MM-DD")]


@router.get("/rules", response_model=RuleList, responses=problem_responses(401, 403))
def list_rules(session: SessionDep, principal: CurrentPrincipal) -> RuleList:
    """Every ladder: the defaults and their severity and campaign variants."""
    return service.list_rules(session, principal=principal)


@router.put("/rules/{rule_key}", response_model=RulePublic, responses=problem_responses(401, 403, 422))
def put_rule(rule_key: RuleKeyPath, data: RuleUpdate, session: SessionDep, principal: CurrentPrincipal,
             severity: SeverityQuery = None, campaign_id: CampaignQuery = None) -> RulePublic:
    """Set the ladder of a rule, or of its variant for a severity and/or a campaign (most specific wins)."""
    return service.put_rule(session, principal=principal, rule_key=rule_key, severity=severity,
                            campaign_id=campaign_id, data=data)


@router.delete("/rules/{rule_key}", status_code=204, responses=problem_responses(401, 403, 404, 409, 422))
def delete_rule(rule_key: RuleKeyPath, session: SessionDep, principal: CurrentPrincipal,
                severity: SeverityQuery = None, campaign_id: CampaignQuery = None) -> Response:
    """Remove a variant; the default ladder stays."""
    service.delete_rule(session, principal=principal, rule_key=rule_key, severity=severity,
                        campaign_id=campaign_id)
    return Response(status_code=204)


@router.get("/settings", response_model=SettingsPublic, responses=problem_responses(401, 403))
def get_settings(session: SessionDep, principal: CurrentPrincipal) -> SettingsPublic:
    """SMS quiet hours and the digest time (China time)."""
    return service.get_settings(session, principal=principal)


@router.put("/settings", response_model=SettingsPublic, responses=problem_responses(401, 403, 422))
def put_settings(data: SettingsUpdate, session: SessionDep, principal: CurrentPrincipal) -> SettingsPublic:
    """Change quiet hours (start ≠ end) and the digest time."""
    return service.put_settings(session, principal=principal, data=data)


@router.get("/calendar", response_model=CalendarDayList, responses=problem_responses(401, 403, 422))
def list_days(session: SessionDep, principal: CurrentPrincipal,
              year: Annotated[int, Query(ge=2000, le=2100)]) -> CalendarDayList:
    """The admin-entered workdays and holidays of a year."""
    return service.list_days(session, principal=principal, year=year)


@router.get("/calendar/{year}/status", response_model=CalendarYearStatus, responses=problem_responses(401, 403, 422))
def year_status(year: Year, session: SessionDep, principal: CurrentPrincipal) -> CalendarYearStatus:
    """Whether chinesecalendar knows the year; if not, working days are Monday–Friday plus the overrides."""
    return service.year_status(session, principal=principal, year=year)


@router.get("/calendar/years", response_model=CalendarYearList, responses=problem_responses(401, 403))
def list_years(session: SessionDep, principal: CurrentPrincipal) -> CalendarYearList:
    """Which years the working-day calendar knows (chinesecalendar or an admin's whole-year entry), and which
    it needs and lacks: this year, and from 1 November the next."""
    return service.list_years(session, principal=principal)


@router.put("/calendar/years/{year}", response_model=CalendarYearKnowledge,
            responses=problem_responses(401, 403, 422))
def put_year(year: Year, data: CalendarYearUpdate, session: SessionDep,
             principal: CurrentPrincipal) -> CalendarYearKnowledge:
    """Enter a year's whole State Council arrangement (holidays and adjusted working days) as text, one entry a
    line (``2027-02-06..2027-02-12 holiday 春节``), or as entries; it replaces that year's days in one
    transaction. A bad line answers 422 naming it (``errors[].row``)."""
    return service.put_year(session, principal=principal, year=year, data=data)


@router.get("/calendar/{day}", response_model=CalendarDayPublic, responses=problem_responses(401, 403, 404, 422))
def get_day(day: Day, session: SessionDep, principal: CurrentPrincipal) -> CalendarDayPublic:
    """One admin-entered day."""
    return service.get_day(session, principal=principal, day=_bounded(day))


@router.put("/calendar/{day}", response_model=CalendarDayPublic, responses=problem_responses(401, 403, 422))
def put_day(day: Day, data: CalendarDayUpdate, session: SessionDep, principal: CurrentPrincipal) -> CalendarDayPublic:
    """Declare a day a workday (e.g. a make-up day) or a holiday; overrides chinesecalendar."""
    return service.put_day(session, principal=principal, day=_bounded(day), data=data)


@router.delete("/calendar/{day}", status_code=204, responses=problem_responses(401, 403, 404, 422))
def delete_day(day: Day, session: SessionDep, principal: CurrentPrincipal) -> Response:
    """Remove an override."""
    service.delete_day(session, principal=principal, day=_bounded(day))
    return Response(status_code=204)


def _bounded(day: date) -> date:
    return service.check_day(day)
