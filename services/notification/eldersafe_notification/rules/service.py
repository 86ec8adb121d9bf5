"""Rules for ladders, settings and the calendar: admins only; a ladder must make sense before it is stored."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal, Role
from eldersafe_common.errors import Conflict, FieldError, Invalid, NotFound

from ..hazards import repository as hazard_repository
from . import calendar, repository, years
from .ladders import known_marks
from .models import ANY, CalendarDay, NotificationRule, NotificationSettingsRow
from .schemas import (
    RULE_KEYS,
    CalendarDayList,
    CalendarDayPublic,
    CalendarDayUpdate,
    CalendarYearKnowledge,
    CalendarYearList,
    CalendarYearStatus,
    CalendarYearUpdate,
    LadderStage,
    RuleList,
    RulePublic,
    RuleUpdate,
    SettingsPublic,
    SettingsUpdate,
)

# Which stages each rule may have; `issued` fires when an order is issued, so it comes first and has no offset.
STAGES_OF: dict[str, frozenset[str]] = {
    "hazard.deadline": frozenset({"remind_3d", "remind_1d", "due_day", "overdue_3wd", "overdue_7wd"}),
    "supervision_order.deadline": frozenset({"issued", "remind_3d", "remind_1d", "due_day", "overdue_3wd",
                                             "overdue_7wd"}),
}


def _admin(principal: Principal) -> None:
    principal.require(Role.admin)


def to_public(row: NotificationRule) -> RulePublic:
    """The rule as the API shows it ("any" as null)."""
    return RulePublic(id=row.id, rule_key=row.rule_key, severity=row.severity or None,  # type: ignore[arg-type]
                      campaign_id=row.campaign_id or None, stages=[LadderStage.model_validate(s, strict=False)
                                                                   for s in row.stages],
                      updated_by=row.updated_by, updated_by_name=row.updated_by_name,
                      updated_at=row.updated_at)


def list_rules(session: Session, *, principal: Principal) -> RuleList:
    """Every rule variant."""
    _admin(principal)
    items = [to_public(row) for row in repository.rules(session)]
    return RuleList(items=items, total=len(items))


def check_rule_key(rule_key: str) -> None:
    """Refuse a rule key this service does not have."""
    if rule_key not in RULE_KEYS:
        raise Invalid("No such rule.", code="unknown_rule", errors=[
            FieldError(field="path.rule_key", reason=f"must be one of: {', '.join(RULE_KEYS)}")])


def check_ladder(*, rule_key: str, stages: list[LadderStage]) -> None:
    """Stages known to the rule, each once, `issued` first and offsets strictly increasing (no going back)."""
    errors: list[FieldError] = []
    allowed = STAGES_OF[rule_key]
    seen: set[str] = set()
    previous: int | None = None
    for index, stage in enumerate(stages):
        where = f"body.stages.{index}"
        if stage.stage not in allowed:
            errors.append(FieldError(field=f"{where}.stage",
                                     reason=f"{rule_key} has no stage {stage.stage}; use one of: "
                                            f"{', '.join(sorted(allowed))}"))
        if stage.stage in seen:
            errors.append(FieldError(field=f"{where}.stage", reason="each stage appears once"))
        seen.add(stage.stage)
        if len(set(stage.recipients)) != len(stage.recipients):
            errors.append(FieldError(field=f"{where}.recipients", reason="each recipient appears once"))
        if len(set(stage.channels)) != len(stage.channels):
            errors.append(FieldError(field=f"{where}.channels", reason="each channel appears once"))
        if stage.flag_supervision and rule_key != "hazard.deadline":
            errors.append(FieldError(field=f"{where}.flag_supervision",
                                     reason="only a hazard's ladder flags it for a supervision order"))
        if stage.stage == "issued":
            if index != 0:
                errors.append(FieldError(field=f"{where}.stage", reason="issued comes first"))
            if stage.offset_days is not None:
                errors.append(FieldError(field=f"{where}.offset_days", reason="issued fires at issue: null"))
            continue
        if stage.offset_days is None:
            errors.append(FieldError(field=f"{where}.offset_days", reason="required"))
            continue
        if previous is not None and stage.offset_days <= previous:
            errors.append(FieldError(field=f"{where}.offset_days",
                                     reason=f"offsets must increase strictly: {stage.offset_days} follows {previous}"))
        previous = stage.offset_days
    if errors:
        raise Invalid("The ladder is not valid.", code="invalid_ladder", errors=errors)


def put_rule(session: Session, *, principal: Principal, rule_key: str, severity: str | None,
             campaign_id: str | None, data: RuleUpdate) -> RulePublic:
    """Create or replace one variant's ladder."""
    _admin(principal)
    check_rule_key(rule_key)
    check_ladder(rule_key=rule_key, stages=data.stages)
    row = repository.rule(session, rule_key=rule_key, severity=severity or ANY, campaign_id=campaign_id or ANY)
    if row is None:
        row = NotificationRule(id=str(uuid.uuid4()), rule_key=rule_key, severity=severity or ANY,
                               campaign_id=campaign_id or ANY, updated_at=clock.now())
    row.stages = [stage.model_dump() for stage in data.stages]
    row.updated_by, row.updated_by_name, row.updated_at = principal.subject, principal.name, clock.now()
    session.add(row)
    session.flush()
    if rule_key == "hazard.deadline":
        hazard_repository.settle_marks(session, known=known_marks(repository.rules(session, rule_key)))
    return to_public(row)


def delete_rule(session: Session, *, principal: Principal, rule_key: str, severity: str | None,
                campaign_id: str | None) -> None:
    """Remove a severity or campaign variant (its hazards fall back to the next most specific ladder)."""
    _admin(principal)
    check_rule_key(rule_key)
    if not severity and not campaign_id:
        raise Conflict("The default ladder can be changed but not removed.", code="default_rule")
    row = repository.rule(session, rule_key=rule_key, severity=severity or ANY, campaign_id=campaign_id or ANY)
    if row is None:
        raise NotFound("No such rule variant.", code="rule_not_found")
    session.delete(row)
    session.flush()


def _settings_public(row: NotificationSettingsRow) -> SettingsPublic:
    return SettingsPublic.model_validate(row, from_attributes=True)


def current_settings(session: Session) -> NotificationSettingsRow:
    """The settings row (created with the defaults when missing)."""
    row = repository.settings_row(session)
    if row is None:
        row = NotificationSettingsRow(id=1, updated_at=clock.now())
        session.add(row)
        session.flush()
    return row


def get_settings(session: Session, *, principal: Principal) -> SettingsPublic:
    """Quiet hours and the digest time."""
    _admin(principal)
    return _settings_public(current_settings(session))


def put_settings(session: Session, *, principal: Principal, data: SettingsUpdate) -> SettingsPublic:
    """Change quiet hours and the digest time; a quiet window that never ends is refused."""
    _admin(principal)
    if data.quiet_start == data.quiet_end:
        raise Invalid("Quiet hours must end.", code="quiet_hours_never_end", errors=[
            FieldError(field="body.quiet_end", reason="must differ from quiet_start (the window would never end)")])
    row = current_settings(session)
    row.quiet_start, row.quiet_end, row.digest_time = data.quiet_start, data.quiet_end, data.digest_time
    row.updated_by, row.updated_by_name, row.updated_at = principal.subject, principal.name, clock.now()
    session.add(row)
    session.flush()
    return _settings_public(row)


def _day_public(row: CalendarDay) -> CalendarDayPublic:
    return CalendarDayPublic.model_validate(row, from_attributes=True)


def list_days(session: Session, *, principal: Principal, year: int) -> CalendarDayList:
    """The admin's days in ``year``."""
    _admin(principal)
    items = [_day_public(row) for row in repository.calendar_days(session, year=year)]
    return CalendarDayList(items=items, total=len(items))


def get_day(session: Session, *, principal: Principal, day: date) -> CalendarDayPublic:
    """One admin-entered day."""
    _admin(principal)
    row = repository.calendar_day(session, day)
    if row is None:
        raise NotFound("No override for that day.", code="calendar_day_not_found")
    return _day_public(row)


def put_day(session: Session, *, principal: Principal, day: date, data: CalendarDayUpdate) -> CalendarDayPublic:
    """Declare a day a workday or a holiday (overrides chinesecalendar)."""
    _admin(principal)
    row = repository.calendar_day(session, day) or CalendarDay(day=day, kind=data.kind, updated_at=clock.now())
    values: dict[str, Any] = {"kind": data.kind, "note": data.note or None, "updated_by": principal.subject,
                              "updated_by_name": principal.name,
                              "updated_at": clock.now()}
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)
    session.flush()
    return _day_public(row)


def delete_day(session: Session, *, principal: Principal, day: date) -> None:
    """Drop an override (the package, or Monday–Friday, applies again)."""
    _admin(principal)
    row = repository.calendar_day(session, day)
    if row is None:
        raise NotFound("No override for that day.", code="calendar_day_not_found")
    session.delete(row)
    session.flush()


def year_status(session: Session, *, principal: Principal, year: int) -> CalendarYearStatus:
    """Whether the package knows ``year`` (else weekdays, unless admins enter the holidays)."""
    _admin(principal)
    knows = calendar.package_knows(year)
    entered = year in years.entered_years(session)
    first, last = calendar.package_years()
    return CalendarYearStatus(year=year, package_knows=knows, package_years=[first, last],
                              overrides=len(repository.calendar_days(session, year=year)),
                              fallback="entered" if entered else "chinesecalendar" if knows else "weekdays",
                              entered=entered)


def list_years(session: Session, *, principal: Principal) -> CalendarYearList:
    """Last, this and next year (China date) and every entered year: known or not, and what is missing."""
    _admin(principal)
    return years.listing(session, today=clock.china_today())


def put_year(session: Session, *, principal: Principal, year: int, data: CalendarYearUpdate) -> CalendarYearKnowledge:
    """Replace a year's holidays and adjusted working days with its whole arrangement, in one transaction."""
    _admin(principal)
    entries = years.parse(year=year, data=data)
    years.replace_year(session, principal=principal, year=year, entries=entries)
    # knowledge() also lists every other entered year, in order: answer with this one.
    return next(item for item in years.knowledge(session, [year]) if item.year == year)


def check_day(day: date) -> date:
    """Refuse days outside 2000–2100 (the calendar's working range)."""
    if not 2000 <= day.year <= 2100:
        raise Invalid("The day is out of range.", code="validation_failed", errors=[
            FieldError(field="path.day", reason="year must lie between 2000 and 2100")])
    return day
