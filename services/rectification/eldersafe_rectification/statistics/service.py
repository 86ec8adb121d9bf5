"""Who reads the hazard statistics and what they cover; the figures come from the ledger's counters alone."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session

from eldersafe_common.auth import DEPARTMENTS, Position, Principal, Role
from eldersafe_common.errors import Forbidden

from ..ledger import states
from ..ledger.overdue import today_china
from . import repository
from .schemas import AreaFigures, AreaLevel, DepartmentFigures, HazardStatisticsPublic, SeverityCounts, StateCounts

SUBDISTRICT_LENGTH, COMMUNITY_LENGTH = 9, 12


def _department_scope(principal: Principal) -> str | None:
    """The department a caller's figures are limited to (a department head's own); 403 for those who may not read.

    Leaders read: the task force, civil affairs (it runs the campaign: every department), every department's head
    (its own department), sub-district and community heads and officers (their area), admin. Not facility managers,
    department staff outside civil affairs, the reward custodian or the city platform (its own open API).
    """
    role, position = principal.role, principal.position
    if role in (Role.task_force, Role.civil_affairs, Role.subdistrict, Role.community, Role.admin):
        return None
    if role in DEPARTMENTS and position is Position.head:
        return role.value
    raise Forbidden("Your role may not read the campaign's statistics.", code="role_forbidden")


def _scope(own: str, asked: str | None) -> str | None:
    """The narrower of the caller's area and the one asked for; None when they do not overlap (no figures)."""
    if asked is None or own.startswith(asked):
        return own
    return asked if asked.startswith(own) else None


def _level(area: str) -> tuple[AreaLevel, int]:
    return ("subdistrict", SUBDISTRICT_LENGTH) if len(area) < SUBDISTRICT_LENGTH else ("community", COMMUNITY_LENGTH)


def hazard_statistics(session: Session, *, principal: Principal, campaign_id: str | None,
                      area_code: str | None) -> HazardStatisticsPublic:
    """Totals by state, severity, department and area, open and overdue, inside the caller's scope."""
    department = _department_scope(principal)
    area = _scope(principal.area, area_code)
    today = today_china()
    shown = area if area is not None else (area_code or principal.area)
    level, length = _level(shown)
    by_state: dict[str, int] = defaultdict(int)
    by_severity: dict[str, int] = defaultdict(int)
    departments: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    areas: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    overdue = 0
    if area is not None:
        for code, mix, state, severity, hazards in repository.tally(session, campaign_id=campaign_id, area=area):
            names = mix.split(",")
            if department is not None and department not in names:
                continue
            by_state[state] += hazards
            by_severity[severity] += hazards
            figures = {"hazards": hazards, "open": hazards if state in states.OPEN else 0,
                       "major": hazards if severity == "major" else 0,
                       "signed_off": hazards if state == states.SIGNED_OFF else 0}
            for name in names if department is None else [department]:
                _add(departments[name], figures)
            _add(areas[code[:length]], figures)
        for code, mix, _severity, hazards in repository.overdue(session, campaign_id=campaign_id, area=area,
                                                                 today=today):
            names = mix.split(",")
            if department is not None and department not in names:
                continue
            overdue += hazards
            for name in names if department is None else [department]:
                departments[name]["overdue"] += hazards
            areas[code[:length]]["overdue"] += hazards
    return HazardStatisticsPublic(
        campaign_id=campaign_id, area_code=shown, department=department, as_of=today, area_level=level,
        hazards=sum(by_state.values()), open=sum(by_state[name] for name in states.OPEN), overdue=overdue,
        by_state=StateCounts(**by_state), by_severity=SeverityCounts(**by_severity),
        departments=[DepartmentFigures(department=name, **_figures(values))
                     for name, values in sorted(departments.items()) if values["hazards"]],
        areas=[AreaFigures(area_code=code, **_figures(values)) for code, values in sorted(areas.items())
               if values["hazards"]],
    )


def _add(target: dict[str, int], figures: dict[str, int]) -> None:
    for key, value in figures.items():
        target[key] += value


def _figures(values: dict[str, int]) -> dict[str, int]:
    return {key: values[key] for key in ("hazards", "open", "overdue", "major", "signed_off")}
