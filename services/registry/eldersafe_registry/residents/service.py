"""The residents roster of a facility and relocation (安置); residents_count follows it (P1, P6)."""

import uuid
from datetime import date

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal
from eldersafe_common.errors import Conflict, FieldError, Invalid, NotFound

from .. import access, events
from ..facilities import service as facilities
from ..identifiers import mask_id_number
from ..models import Facility, Resident
from ..plans import service as plans
from . import repository
from .schemas import MoveOut, Relocate, ResidentCreate, ResidentPage, ResidentPublic, ResidentUpdate

CLOSING_DECISIONS = ("suspend", "shutdown")


def resident_public(resident: Resident) -> ResidentPublic:
    return ResidentPublic(
        id=resident.id, facility_id=resident.facility_id, name=resident.name,
        id_number=mask_id_number(resident.id_number), care_level=resident.care_level,
        guardian_name=resident.guardian_name, guardian_phone=resident.guardian_phone,
        admitted_on=resident.admitted_on, over_capacity_reason=resident.over_capacity_reason,
        moved_out_on=resident.moved_out_on, move_out_destination=resident.move_out_destination,
        move_out_kind=resident.move_out_kind, receiving_facility_id=resident.receiving_facility_id,
        confirmed_by_name=resident.confirmed_by_name, relocated_by=resident.relocated_by,
        active=resident.moved_out_on is None,
    )


def list_residents(session: Session, *, principal: Principal, facility_id: str, include_moved_out: bool,
                   page: int, page_size: int) -> ResidentPage:
    """One page of the facility's roster (identity numbers masked)."""
    facility = facilities.load_visible(session, principal=principal, facility_id=facility_id)
    rows, total = repository.page_residents(session, facility_id=facility.id, include_moved_out=include_moved_out,
                                            page=page, page_size=page_size)
    return ResidentPage(items=[resident_public(r) for r in rows], total=total, page=page, page_size=page_size)


def admit_resident(session: Session, *, principal: Principal, facility_id: str,
                   data: ResidentCreate) -> ResidentPublic:
    """Add a resident; a full facility needs an over-capacity reason."""
    facility = facilities.load_visible(session, principal=principal, facility_id=facility_id)
    access.require_resident_writer(principal)
    if facility.status != "operating":
        raise Conflict(f"A {facility.status} facility admits no residents.", code="facility_not_operating")
    _check_admission_date(data.admitted_on)
    if repository.active_stay_elsewhere(session, id_number=data.id_number, except_id=None):
        raise Conflict("This person is already on an active roster.", code="resident_already_active")
    if facility.residents_count >= facility.licensed_beds and not data.over_capacity_reason:
        raise Invalid("The facility has no free licensed bed.", code="over_capacity", errors=[FieldError(
            field="body.over_capacity_reason",
            reason=f"required: {facility.residents_count} residents, {facility.licensed_beds} licensed beds")])
    now = clock.now()
    resident = Resident(id=str(uuid.uuid4()), facility_id=facility.id, **data.model_dump(), created_at=now,
                        updated_at=now)
    repository.save(session, resident)
    facilities.refresh_residents_count(session, facility=facility)
    return resident_public(resident)


def update_resident(session: Session, *, principal: Principal, facility_id: str, resident_id: str,
                    data: ResidentUpdate) -> ResidentPublic:
    """Correct a resident's record."""
    _, resident = _load(session, principal=principal, facility_id=facility_id, resident_id=resident_id)
    access.require_resident_writer(principal)
    changes = data.model_dump(exclude_unset=True)
    if "admitted_on" in changes:
        _check_admission_date(changes["admitted_on"])
    if (changes.get("id_number") not in (None, resident.id_number) and resident.moved_out_on is None
            and repository.active_stay_elsewhere(session, id_number=changes["id_number"], except_id=resident.id)):
        raise Conflict("This person is already on an active roster.", code="resident_already_active")
    for name, value in changes.items():
        setattr(resident, name, value)
    resident.updated_at = clock.now()
    repository.save(session, resident)
    return resident_public(resident)


def move_out(session: Session, *, principal: Principal, facility_id: str, resident_id: str,
             data: MoveOut) -> ResidentPublic:
    """Record that a resident moved out (the row stays, for relocation follow-up)."""
    facility, resident = _load(session, principal=principal, facility_id=facility_id, resident_id=resident_id)
    access.require_resident_writer(principal)
    if resident.moved_out_on is not None:
        raise Conflict("The resident has already moved out.", code="already_moved_out")
    approval = plans.current_approval(session, facility_id=facility.id)
    if approval is not None and approval.decision in CLOSING_DECISIONS and facility.status == "operating":
        # A closure is under way: every departure must say where the resident went and who confirmed it.
        raise Conflict("The facility is closing under an approved plan: record the move as a relocation.",
                       code="relocation_required")
    moved_out_on = data.moved_out_on or clock.china_today()
    if moved_out_on < resident.admitted_on or moved_out_on > clock.china_today():
        raise Invalid("The move-out date is invalid.", errors=[FieldError(
            field="body.moved_out_on", reason="must lie between the admission date and today")])
    resident.moved_out_on = moved_out_on
    resident.move_out_destination = data.destination
    resident.updated_at = clock.now()
    repository.save(session, resident)
    facilities.refresh_residents_count(session, facility=facility)
    return resident_public(resident)


def relocate(session: Session, *, principal: Principal, facility_id: str, resident_id: str,
             data: Relocate) -> ResidentPublic:
    """Move a resident out to another facility, a family, a hospital or elsewhere, in one transaction (P6)."""
    facility = facilities.load_visible(session, principal=principal, facility_id=facility_id)
    access.require_relocator(principal)
    receiving_id = data.receiving_facility_id
    if receiving_id == facility.id:
        raise Invalid("A resident cannot be relocated to the same facility.", errors=[FieldError(
            field="body.receiving_facility_id", reason="must be another facility")])
    # Both rows locked in id order before the roster is counted: two moves cannot take the last bed.
    locked = facilities.lock(session, facility_ids=[facility.id, *([receiving_id] if receiving_id else [])])
    facility = locked[facility.id]
    receiving = locked.get(receiving_id) if receiving_id else None
    if receiving_id and receiving is None:
        # The receiving facility may lie outside the caller's area (often the next sub-district). One that does not
        # exist is a wrong input naming its field (the resource addressed, the resident, exists).
        raise Invalid("Receiving facility not found.", code="receiving_facility_not_found", errors=[FieldError(
            field="body.receiving_facility_id", reason="unknown facility")])
    resident = repository.lock_resident(session, facility_id=facility.id, resident_id=resident_id)
    if resident is None:
        raise NotFound("Resident not found.", code="resident_not_found")
    if resident.moved_out_on is not None:
        raise Conflict("The resident has already moved out.", code="already_moved_out")
    if data.moved_on < resident.admitted_on or data.moved_on > clock.china_today():
        raise Invalid("The relocation date is invalid.", errors=[FieldError(
            field="body.moved_on", reason=f"must lie between the admission date {resident.admitted_on} and today")])
    if receiving is not None:
        _check_receiving(session, receiving)
    now = clock.now()
    resident.moved_out_on = data.moved_on
    resident.move_out_destination = data.destination or (receiving.name if receiving else None)
    resident.move_out_kind = data.destination_kind
    resident.receiving_facility_id = receiving.id if receiving else None
    resident.confirmed_by_name = data.confirmed_by_name
    resident.relocated_by = principal.subject[:100]
    resident.updated_at = now
    repository.save(session, resident)
    admitted = None
    if receiving is not None:
        admitted = repository.save(session, Resident(
            id=str(uuid.uuid4()), facility_id=receiving.id, name=resident.name, id_number=resident.id_number,
            care_level=resident.care_level, guardian_name=resident.guardian_name,
            guardian_phone=resident.guardian_phone, admitted_on=data.moved_on, created_at=now, updated_at=now))
    events.resident_relocated(session, facility, events.ResidentRelocatedPayload(
        facility_id=facility.id, area_code=facility.area_code, resident_id=resident.id, name=resident.name,
        id_number=mask_id_number(resident.id_number), care_level=resident.care_level,
        destination_kind=data.destination_kind, receiving_facility_id=receiving.id if receiving else None,
        receiving_facility_name=receiving.name if receiving else None,
        receiving_resident_id=admitted.id if admitted else None, destination=resident.move_out_destination or "",
        moved_on=data.moved_on, confirmed_by_name=data.confirmed_by_name, relocated_by=principal.subject,
        relocated_by_name=principal.name or None,
        remaining_residents=repository.count_active(session, facility_id=facility.id)))
    facilities.refresh_residents_count(session, facility=facility)
    if receiving is not None:
        facilities.refresh_residents_count(session, facility=receiving)
    return resident_public(resident)


def _check_receiving(session: Session, receiving: Facility) -> None:
    if receiving.status != "operating":
        raise Conflict(f"The receiving facility is {receiving.status} and takes no residents.",
                       code="receiving_facility_not_operating")
    occupied = repository.count_active(session, facility_id=receiving.id)
    if occupied >= receiving.licensed_beds:
        raise Conflict(f"The receiving facility has no free licensed bed: {occupied} residents, "
                       f"{receiving.licensed_beds} licensed beds.", code="no_free_beds")


def _load(session: Session, *, principal: Principal, facility_id: str, resident_id: str) -> tuple[Facility, Resident]:
    facility = facilities.load_visible(session, principal=principal, facility_id=facility_id)
    resident = repository.get_resident(session, facility_id=facility.id, resident_id=resident_id)
    if resident is None:
        raise NotFound("Resident not found.", code="resident_not_found")
    return facility, resident


def _check_admission_date(admitted_on: date) -> None:
    if admitted_on > clock.china_today():
        raise Invalid("The admission date is invalid.", errors=[FieldError(
            field="body.admitted_on", reason="may not lie in the future")])
