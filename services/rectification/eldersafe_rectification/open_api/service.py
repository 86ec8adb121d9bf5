"""Open API rules: who may read (a city-platform client with the scope, or an admin), inside the caller's area.

The facility feed is a change feed (eldersafe_common.sync): each facility is placed by its latest hazard change,
so a facility whose hazards change while a client pages moves behind the cursor and comes again, with its new
summary, on a later page or poll; one not yet reached is served once.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from eldersafe_common import sync
from eldersafe_common.auth import Principal, Role
from eldersafe_common.errors import FieldError, Invalid

from ..ledger.models import Hazard
from ..ledger.overdue import today_china
from ..ledger.states import STATES
from ..settings import get_settings
from . import repository
from .schemas import (
    AreaHazardSummaries,
    AreaHazardSummary,
    DepartmentStatistics,
    FacilityHazardSummary,
    HazardStatistics,
    SeverityCounts,
    StateCounts,
    SupervisionOrderCounts,
)

FACILITY_FEED = "rectification.hazard-summaries.facilities"


def _require(principal: Principal, scope: str) -> None:
    """Admins read everything in their area; a city-platform client needs the scope; every other role is refused."""
    principal.require(Role.city_platform, Role.admin)
    if principal.role is Role.city_platform:
        principal.require_scope(scope)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _states(row: Any) -> StateCounts:
    return StateCounts(**{state: int(row[state]) for state in STATES})


def _severities(row: Any) -> SeverityCounts:
    return SeverityCounts(ordinary=int(row["ordinary"]), major=int(row["major"]))


def facility_summaries(session: Session, *, principal: Principal, limit: int, cursor: str | None,
                       updated_since: datetime | None,
                       today: date | None = None) -> sync.SyncPage[FacilityHazardSummary]:
    """One page of facilities in the order of their latest hazard change, each with its ledger's summary."""
    _require(principal, "hazards:read")
    secret = get_settings().cursor_secret.get_secret_value()
    # The cursor is bound to the area it was issued for: a client's area changing voids it instead of mixing.
    filters = {"area": principal.area}
    window = sync.window(kind=FACILITY_FEED, cursor=cursor, updated_since=updated_since, limit=limit,
                         filters=filters, secret=secret)
    rows = repository.changed_facilities(session, area=principal.area, since=window.since, window=window)
    facility_ids = [row.facility_id for row in rows[:window.limit]]
    day = today or today_china()
    counts = repository.facility_counts(session, facility_ids=facility_ids, area=principal.area, today=day)
    orders = repository.open_orders_by_facility(session, facility_ids=facility_ids, area=principal.area)
    items = []
    for facility_id in facility_ids:
        row = counts[facility_id]._mapping
        items.append(FacilityHazardSummary(
            facility_id=facility_id, facility_name=row["facility_name"], area_code=row["area_code"],
            hazards=int(row["hazards"]), by_state=_states(row), by_severity=_severities(row),
            overdue=int(row["overdue"]), open_supervision_orders=orders.get(facility_id, 0),
            last_changed_at=row["last_changed_at"]))
    head = sync.head(session, Hazard) if window.since is not None and not rows else None
    return sync.page(rows, items, window=window, kind=FACILITY_FEED, filters=filters, secret=secret,
                     head_position=head)


def area_summaries(session: Session, *, principal: Principal, level: str,
                   today: date | None = None) -> AreaHazardSummaries:
    """Per sub-district or community inside the caller's area: the ledger's counts and rectification rate."""
    _require(principal, "hazards:read")
    if len(principal.area) > repository.LEVEL_LENGTH[level]:
        # A sub-district's figure made of one community's hazards would pass for the whole sub-district's.
        raise Invalid("The level lies above the client's area.", code="level_above_area",
                      errors=[FieldError(field="query.level", reason="above the client's area")])
    day = today or today_china()
    orders = repository.open_orders_by_area(session, area=principal.area, level=level)
    items = []
    for result in repository.area_counts(session, area=principal.area, level=level, today=day):
        row = result._mapping
        items.append(AreaHazardSummary(
            area_code=row["area_code"], level=level,  # type: ignore[arg-type]
            facilities=int(row["facilities"]), hazards=int(row["hazards"]), by_state=_states(row),
            by_severity=_severities(row), overdue=int(row["overdue"]),
            open_supervision_orders=orders.get(row["area_code"], 0),
            rectification_rate=_rate(int(row["signed_off"]), int(row["hazards"]))))
    return AreaHazardSummaries(level=level, as_of=day, items=items)  # type: ignore[arg-type]


def statistics(session: Session, *, principal: Principal, today: date | None = None) -> HazardStatistics:
    """Totals over the caller's area: rectification rate, overdue, major, supervision orders, per department."""
    _require(principal, "statistics:read")
    day = today or today_china()
    fields = ("hazards", *STATES, "ordinary", "major", "overdue", "major_open")
    total = dict.fromkeys(fields, 0)
    per_department: dict[str, dict[str, int]] = {}
    for result in repository.counts_by_department_mix(session, area=principal.area, today=day):
        row = result._mapping
        for name in fields:
            total[name] += int(row[name])
        # A joint hazard counts for each of its departments.
        for department in set(json.loads(row["departments"] or "[]")):
            counts = per_department.setdefault(department, dict.fromkeys(fields, 0))
            for name in fields:
                counts[name] += int(row[name])
    orders = repository.order_counts(session, area=principal.area)
    departments = [DepartmentStatistics(
        department=department, hazards=counts["hazards"], signed_off=counts["signed_off"],
        overdue=counts["overdue"], major=counts["major"],
        rectification_rate=_rate(counts["signed_off"], counts["hazards"]))
        for department, counts in sorted(per_department.items())]
    return HazardStatistics(
        area_code=principal.area, as_of=day, hazards=total["hazards"], signed_off=total["signed_off"],
        rectification_rate=_rate(total["signed_off"], total["hazards"]), overdue=total["overdue"],
        major=total["major"], major_open=total["major_open"], by_state=_states(total),
        by_severity=_severities(total),
        supervision_orders=SupervisionOrderCounts(issued=sum(orders.values()), open=orders.get("open", 0),
                                                  closed=orders.get("closed", 0)),
        departments=departments)
