"""Relocation (安置): the registry's roster over HTTP beside this service's records, and where residents could go."""

from __future__ import annotations

import math
from datetime import date

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal, Role
from eldersafe_common.errors import Forbidden, NotFound, Unavailable
from eldersafe_common.http import ServiceClient

from ..facilities.models import RectificationFacility
from . import repository, service
from .schemas import (
    ReceivingFacility,
    ReceivingSuggestions,
    RelocationProgress,
    RelocationRecord,
    RelocationResident,
)

# The registry's largest page; a roster is read whole, so the number of pages is bounded as well.
ROSTER_PAGE_SIZE = 100
ROSTER_MAX_PAGES = 100
EARTH_RADIUS_KM = 6371.0088
DISTRICT_DIGITS = 6


class RegistryResident(BaseModel):
    """The fields of the registry's resident that the relocation page shows (a tolerant reader)."""

    model_config = ConfigDict(extra="ignore")

    id: str
    name: str
    id_number: str
    care_level: str | None = None
    moved_out_on: date | None = None
    active: bool


class RegistryResidentPage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    items: list[RegistryResident]
    total: int


def _registry_error(response: httpx.Response) -> Exception:
    if response.status_code == 404:
        return NotFound("Facility not found.", code="facility_not_found")
    if response.status_code == 403:
        return Forbidden("The registry refused to show the roster.", code="roster_forbidden")
    return Unavailable(f"The registry answered {response.status_code}.", code="upstream_error")


def fetch_roster(client: ServiceClient, *, token: str, facility_id: str) -> list[RegistryResident]:
    """Every resident the registry has for the facility, moved out included, page by page."""
    residents: list[RegistryResident] = []
    for page in range(1, ROSTER_MAX_PAGES + 1):
        response = client.request(
            "GET", f"/api/registry/facilities/{facility_id}/residents", token=token,
            params={"include_moved_out": "true", "page": page, "page_size": ROSTER_PAGE_SIZE})
        if response.status_code != 200:
            raise _registry_error(response)
        try:
            body = RegistryResidentPage.model_validate_json(response.content)
        except ValidationError as exc:
            raise Unavailable("The registry's answer was not understood.", code="upstream_error") from exc
        residents.extend(body.items)
        if not body.items or len(residents) >= body.total:
            return residents
    raise Unavailable("The roster is too long to read.", code="roster_too_long")


def relocation_progress(session: Session, *, principal: Principal, client: ServiceClient, token: str,
                        facility_id: str) -> RelocationProgress:
    """Each resident with where they went: the roster from the registry, the details from relocation records."""
    facility = service.load_facility(session, principal=principal, facility_id=facility_id)
    plan = service.current_plan(session, facility_id)
    records = {row.resident_id: row for row in repository.relocations_of(session, facility_id)}
    # The China date the plan was made: a resident who left that day, by China's calendar, belongs to it.
    since = clock.china_today(plan.created_at) if plan is not None else None
    residents = []
    for resident in fetch_roster(client, token=token, facility_id=facility_id):
        record = records.get(resident.id)
        # Someone who left long before the plan is no part of this relocation; one who left since is, even
        # without a record (moved out by hand), so that the gap shows.
        recent = since is not None and resident.moved_out_on is not None and resident.moved_out_on >= since
        if resident.active or record is not None or recent:
            residents.append(RelocationResident(
                resident_id=resident.id, name=resident.name, id_number=resident.id_number,
                care_level=resident.care_level, active=resident.active,
                relocation=RelocationRecord.model_validate(record) if record is not None else None))
    remaining = sum(1 for r in residents if r.active)
    completed_at = plan.relocation_completed_at if plan is not None else None
    return RelocationProgress(
        facility_id=facility.facility_id, facility_name=facility.name, status=facility.status,
        plan_state=plan.state if plan is not None else None, decision=plan.decision if plan is not None else None,
        total=len(residents), relocated=sum(1 for r in residents if not r.active and r.relocation is not None),
        remaining=remaining, completed=completed_at is not None, completed_at=completed_at, residents=residents,
    )


def distance_km(a: RectificationFacility, b: RectificationFacility) -> float | None:
    """Great-circle (haversine) distance; None when either facility has no coordinates."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))  # type: ignore[arg-type]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def suggestions(session: Session, *, principal: Principal, facility_id: str, limit: int) -> ReceivingSuggestions:
    """Operating facilities with free beds in the same district, none closing or with an unrectified major
    hazard: those classified pass first, then the rest, each nearest first."""
    facility = service.load_facility(session, principal=principal, facility_id=facility_id)
    if principal.role is Role.facility:
        raise Forbidden("Receiving facilities are chosen by the authorities.", code="role_forbidden")
    candidates = repository.receiving_candidates(
        session, district=facility.area_code[:DISTRICT_DIGITS], area=principal.area, exclude=facility.facility_id)
    ranked = sorted(
        ((distance_km(facility, other), other) for other in candidates),
        key=lambda pair: (pair[1].classification != "pass", pair[0] is None, pair[0] or 0.0, pair[1].name,
                          pair[1].facility_id))
    return ReceivingSuggestions(facility_id=facility.facility_id, items=[
        ReceivingFacility(facility_id=other.facility_id, name=other.name, area_code=other.area_code,
                          free_beds=(other.licensed_beds or 0) - (other.residents_count or 0),
                          classification=other.classification,
                          distance_km=round(distance, 2) if distance is not None else None)
        for distance, other in ranked[:limit]])
