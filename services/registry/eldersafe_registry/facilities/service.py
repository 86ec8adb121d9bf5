"""Facilities: registration, base data, operating status and emergency readiness (P1, P4, P9, P12)."""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal
from eldersafe_common.errors import Conflict, FieldError, Forbidden, Invalid

from .. import access, events
from ..areas.service import check_area_pair
from ..models import Facility, FacilityStatusChange, Resident
from ..plans import service as plans
from . import repository
from .schemas import (
    BuildingPublic,
    FacilityCreate,
    FacilityFilters,
    FacilityPage,
    FacilityPublic,
    FacilityUpdate,
    ReadinessPublic,
    ReadinessUpdate,
    StatusChange,
    StatusChangePublic,
)

# Shutdown ends operation for good; deregistration is the legal end and final (P4, P6).
TRANSITIONS: dict[str, frozenset[str]] = {
    "operating": frozenset({"suspended", "shut_down"}),
    "suspended": frozenset({"operating", "shut_down"}),
    "shut_down": frozenset({"deregistered"}),
    "deregistered": frozenset(),
}
# Residents must be relocated before a facility may be suspended or close (P6).
NEEDS_NO_RESIDENTS = frozenset({"suspended", "shut_down", "deregistered"})
BUILDING_FIELDS = ("floors", "height_m", "structure", "floor_area_m2", "year_built")


def facility_public(facility: Facility) -> FacilityPublic:
    return FacilityPublic(
        **{name: getattr(facility, name) for name in (
            "id", "name", "uscc", "ownership", "address", "subdistrict_code", "community_code", "area_code",
            "latitude", "longitude", "legal_representative", "legal_representative_phone", "manager",
            "manager_phone", "licensed_beds", "residents_count", "capacity_note", "status", "created_at",
            "updated_at", "version")},
        building=BuildingPublic(**{name: getattr(facility, name) for name in BUILDING_FIELDS}),
        readiness=ReadinessPublic(
            emergency_plan_date=facility.emergency_plan_date, last_drill_date=facility.last_drill_date,
            micro_fire_station=facility.micro_fire_station, extinguishers=facility.extinguishers,
            evacuation_tools=facility.evacuation_tools, notes=facility.readiness_notes,
            updated_at=facility.readiness_updated_at, updated_by=facility.readiness_updated_by,
        ),
    )


def scope_of(principal: Principal) -> dict[str, Any]:
    """The list restriction for the caller: its area, and a manager's own facility only."""
    access.require_reader(principal)
    own = (principal.facility or "-") if principal.role == "facility" else None
    return {"area": principal.area, "facility_id": own}


def list_facilities(session: Session, *, principal: Principal, filters: FacilityFilters, page: int,
                    page_size: int) -> FacilityPage:
    """One page of the facilities inside the caller's area."""
    rows, total = repository.page_facilities(session, filters, page=page, page_size=page_size, **scope_of(principal))
    return FacilityPage(items=[facility_public(f) for f in rows], total=total, page=page, page_size=page_size)


def load_visible(session: Session, *, principal: Principal, facility_id: str) -> Facility:
    """The facility, or 404 when missing or outside the caller's area."""
    return access.ensure_visible(principal, repository.get_facility(session, facility_id))


def lock(session: Session, *, facility_ids: list[str]) -> dict[str, Facility]:
    """Row-lock facilities for a change that reads their roster (any area; callers check visibility)."""
    return {facility.id: facility for facility in repository.lock_facilities(session, facility_ids)}


def get_facility(session: Session, *, principal: Principal, facility_id: str) -> FacilityPublic:
    """One facility inside the caller's area."""
    return facility_public(load_visible(session, principal=principal, facility_id=facility_id))


def create_facility(session: Session, *, principal: Principal, data: FacilityCreate) -> FacilityPublic:
    """Register a facility (civil affairs, admin) and announce it."""
    access.require_base_data_writer(principal)
    return facility_public(register(session, data=data, principal=principal))


def register(session: Session, *, data: FacilityCreate, principal: Principal, facility_id: str | None = None,
             status: str = "operating", roster: Sequence[Resident] = ()) -> Facility:
    """Validate and add a facility with its first status entry and its facility.registered event.

    The seed passes a ``roster`` so that the event carries the real residents count.
    """
    errors = check_area_pair(session, subdistrict_code=data.subdistrict_code, community_code=data.community_code)
    if errors:
        raise Invalid("The facility's area is invalid.", code="validation_failed", errors=errors)
    if not principal.covers(data.community_code):
        raise Forbidden("The facility lies outside your area.", code="area_forbidden")
    if repository.uscc_owner(session, data.uscc) is not None:
        raise Conflict("A facility with this USCC is registered.", code="uscc_taken")
    now = clock.now()
    building = data.building.model_dump() if data.building else {}
    facility = Facility(
        id=facility_id or str(uuid.uuid4()),
        **data.model_dump(exclude={"building"}),
        **building,
        area_code=data.community_code,
        residents_count=0,
        status=status,
        created_at=now,
        updated_at=now,
    )
    _save(session, facility)
    if roster:
        session.add_all(roster)
        facility.residents_count = len(roster)
        _save(session, facility)
    _record_status(session, facility, from_status=None, reason="registered", principal=principal)
    events.facility_registered(session, facility)
    return facility


def update_facility(session: Session, *, principal: Principal, facility_id: str,
                    data: FacilityUpdate) -> FacilityPublic:
    """Change base data (civil affairs, admin); announce changes of the snapshot."""
    facility = load_visible(session, principal=principal, facility_id=facility_id)
    access.require_base_data_writer(principal)
    if data.version is not None and data.version != facility.version:
        raise Conflict("The facility was changed by someone else; reload it.", code="version_conflict")
    changes = data.model_dump(exclude_unset=True, exclude={"building", "over_capacity_reason", "version"})
    if "building" in data.model_fields_set:
        building = data.building
        for name in BUILDING_FIELDS:
            if building is None or name in building.model_fields_set:
                changes[name] = getattr(building, name) if building else None
    changes = {name: value for name, value in changes.items() if getattr(facility, name) != value}
    _check_update(session, principal=principal, facility=facility, changes=changes, data=data)
    if not changes:
        return facility_public(facility)
    for name, value in changes.items():
        setattr(facility, name, value)
    if "community_code" in changes:
        facility.area_code = facility.community_code
        changes["area_code"] = facility.area_code
    if "licensed_beds" in changes and data.over_capacity_reason and facility.licensed_beds < facility.residents_count:
        facility.capacity_note = data.over_capacity_reason
    _touch(facility)
    _save(session, facility)
    events.facility_updated(session, facility, list(changes))
    return facility_public(facility)


def _check_update(session: Session, *, principal: Principal, facility: Facility, changes: dict[str, Any],
                  data: FacilityUpdate) -> None:
    if "subdistrict_code" in changes or "community_code" in changes:
        subdistrict = changes.get("subdistrict_code", facility.subdistrict_code)
        community = changes.get("community_code", facility.community_code)
        errors = check_area_pair(session, subdistrict_code=subdistrict, community_code=community)
        if errors:
            raise Invalid("The facility's area is invalid.", code="validation_failed", errors=errors)
        if not principal.covers(community):
            raise Forbidden("The facility would lie outside your area.", code="area_forbidden")
    if "uscc" in changes and repository.uscc_owner(session, changes["uscc"]) not in (None, facility.id):
        raise Conflict("A facility with this USCC is registered.", code="uscc_taken")
    beds = changes.get("licensed_beds")
    if beds is not None and beds < facility.residents_count and not data.over_capacity_reason:
        raise Invalid("Fewer beds than residents needs a reason.", code="over_capacity", errors=[FieldError(
            field="body.over_capacity_reason",
            reason=f"required: {facility.residents_count} residents live here")])


def change_status(session: Session, *, principal: Principal, facility_id: str,
                  data: StatusChange) -> FacilityPublic:
    """Move a facility to another operating status along the allowed transitions."""
    facility = load_visible(session, principal=principal, facility_id=facility_id)
    access.require_status_changer(principal)
    # Locked (PostgreSQL) so that a relocation into this facility cannot slip in after the roster check.
    facility = repository.lock_facilities(session, [facility.id])[0]
    current = facility.status
    if data.status == current:
        raise Conflict(f"The facility is already {current}.", code="status_unchanged")
    if data.status not in TRANSITIONS[current]:
        raise Conflict(f"A facility cannot go from {current} to {data.status}.", code="transition_not_allowed")
    plans.require_plan_for(session, facility_id=facility.id, status=data.status)
    remaining = repository.count_active_residents(session, facility.id) if data.status in NEEDS_NO_RESIDENTS else 0
    if remaining:
        raise Conflict(f"Every resident must be relocated first: {remaining} remain on the roster.",
                       code="residents_not_relocated")
    facility.status = data.status
    _touch(facility)
    _save(session, facility)
    _record_status(session, facility, from_status=current, reason=data.reason, principal=principal)
    events.facility_status_changed(session, facility, from_status=current, reason=data.reason,
                                   changed_by=principal.subject)
    return facility_public(facility)


def status_history(session: Session, *, principal: Principal, facility_id: str) -> list[StatusChangePublic]:
    """The facility's operating-status history, oldest first."""
    facility = load_visible(session, principal=principal, facility_id=facility_id)
    return [StatusChangePublic.model_validate(row, from_attributes=True)
            for row in repository.status_history(session, facility.id)]


def update_readiness(session: Session, *, principal: Principal, facility_id: str,
                     data: ReadinessUpdate) -> FacilityPublic:
    """Replace the emergency readiness record (P9)."""
    facility = load_visible(session, principal=principal, facility_id=facility_id)
    access.require_readiness_writer(principal)
    today = clock.china_today()
    errors = [FieldError(field=f"body.{name}", reason="may not lie in the future")
              for name in ("emergency_plan_date", "last_drill_date")
              if (value := getattr(data, name)) is not None and value > today]
    if errors:
        raise Invalid("The readiness record is invalid.", code="validation_failed", errors=errors)
    apply_readiness(facility, data, by=principal.name or principal.subject)
    facility.version += 1  # a readiness record changes the facility a reader holds, like any other edit
    _save(session, facility)
    return facility_public(facility)


def apply_readiness(facility: Facility, data: ReadinessUpdate, *, by: str) -> None:
    """Copy a readiness record onto the facility (the seed uses it too)."""
    facility.emergency_plan_date = data.emergency_plan_date
    facility.last_drill_date = data.last_drill_date
    facility.micro_fire_station = data.micro_fire_station
    facility.extinguishers = data.extinguishers
    facility.evacuation_tools = data.evacuation_tools
    facility.readiness_notes = data.notes
    facility.readiness_updated_at = clock.now()
    facility.readiness_updated_by = by[:100]


def refresh_residents_count(session: Session, *, facility: Facility) -> None:
    """Make residents_count follow the roster and announce a change."""
    count = repository.count_active_residents(session, facility.id)
    if count == facility.residents_count:
        return
    facility.residents_count = count
    _touch(facility)
    _save(session, facility)
    events.facility_updated(session, facility, ["residents_count"])


def _touch(facility: Facility) -> None:
    facility.updated_at = clock.now()
    facility.version += 1


def _record_status(session: Session, facility: Facility, *, from_status: str | None, reason: str,
                   principal: Principal) -> None:
    repository.add_status_change(session, FacilityStatusChange(
        id=str(uuid.uuid4()), facility_id=facility.id, from_status=from_status, to_status=facility.status,
        reason=reason, changed_by=principal.subject, changed_by_name=principal.name or None, changed_at=clock.now()))


def _save(session: Session, facility: Facility) -> None:
    try:
        repository.save(session, facility)
    except IntegrityError as exc:
        # A concurrent registration of the same USCC won the race after our check.
        raise Conflict("A facility with this USCC is registered.", code="uscc_taken") from exc
