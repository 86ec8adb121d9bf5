"""The open API's facility feed and statistics (scopes ``facilities:read`` and ``statistics:read``)."""

from datetime import datetime

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal
from eldersafe_common.errors import NotFound
from eldersafe_common.sync import page, require_open_reader, window

from ..models import Facility
from ..settings import get_settings
from . import repository
from .schemas import FacilityStatistics, OpenBuilding, OpenFacility, OpenFacilityPage, SubdistrictStatistics

FEED = "registry.facilities"
STATUSES = ("operating", "suspended", "shut_down", "deregistered")
OWNERSHIPS = ("public", "private", "public_private")
CLASSES = ("shutdown", "suspend", "pass")
UNCLASSIFIED = "unclassified"
BUILDING_FIELDS = ("floors", "height_m", "structure", "floor_area_m2", "year_built")


def _secret() -> str:
    return get_settings().cursor_secret.get_secret_value()


def _open_facility(facility: Facility, names: dict[str, str]) -> OpenFacility:
    return OpenFacility(
        **{name: getattr(facility, name) for name in (
            "id", "name", "uscc", "ownership", "address", "subdistrict_code", "community_code", "area_code",
            "latitude", "longitude", "licensed_beds", "residents_count", "status", "classified_at", "created_at")},
        classification=facility.classification if facility.classification in CLASSES else None,
        subdistrict_name=names.get(facility.subdistrict_code), community_name=names.get(facility.community_code),
        building=OpenBuilding(**{name: getattr(facility, name) for name in BUILDING_FIELDS}),
        updated_at=facility.changed_at or facility.updated_at,
    )


def _names(session: Session, facilities: list[Facility]) -> dict[str, str]:
    codes = {code for f in facilities for code in (f.subdistrict_code, f.community_code)}
    return repository.area_names(session, codes)


def list_facilities(session: Session, *, principal: Principal, limit: int, cursor: str | None,
                    updated_since: datetime | None, status: str | None, area: str | None) -> OpenFacilityPage:
    """Facilities inside the caller's area in change order, from the cursor (or since a time) on."""
    require_open_reader(principal, "facilities:read")
    filters = {"status": status, "area": area}
    win = window(kind=FEED, cursor=cursor, updated_since=updated_since, limit=limit, filters=filters,
                 secret=_secret())
    head_position = repository.head_position(session) if win.since else None  # before the rows: see page()
    rows = repository.feed(session, win, area=principal.area, narrower=area, status=status)
    served = list(rows[:limit])
    names = _names(session, served)
    result = page(rows, [_open_facility(row, names) for row in served], window=win, kind=FEED, filters=filters,
                  secret=_secret(), head_position=head_position)
    return OpenFacilityPage(items=result.items, next_cursor=result.next_cursor, has_more=result.has_more)


def get_facility(session: Session, *, principal: Principal, facility_id: str) -> OpenFacility:
    """One facility inside the caller's area (404 outside it)."""
    require_open_reader(principal, "facilities:read")
    facility = repository.get_facility(session, facility_id)
    if facility is None or not principal.covers(facility.area_code):
        raise NotFound("Facility not found.", code="facility_not_found")
    return _open_facility(facility, _names(session, [facility]))


def _narrowest(own: str, requested: str | None) -> str:
    """The area the counts cover: the requested one when it lies inside the caller's (or encloses it)."""
    if requested is None or own.startswith(requested):
        return own
    return requested


def statistics(session: Session, *, principal: Principal, area: str | None) -> FacilityStatistics:
    """Facilities by status, ownership and class, and per sub-district, inside the caller's area."""
    require_open_reader(principal, "statistics:read")
    groups = repository.counts(session, area=principal.area, narrower=area)
    by_status = dict.fromkeys(STATUSES, 0)
    by_ownership = dict.fromkeys(OWNERSHIPS, 0)
    by_class = dict.fromkeys((*CLASSES, UNCLASSIFIED), 0)
    subdistricts: dict[str, SubdistrictStatistics] = {}
    for subdistrict, status, ownership, klass, count, beds, residents in groups:
        by_status[status] = by_status.get(status, 0) + count
        by_ownership[ownership] = by_ownership.get(ownership, 0) + count
        key = klass if klass in CLASSES else UNCLASSIFIED
        by_class[key] += count
        entry = subdistricts.setdefault(subdistrict, SubdistrictStatistics(
            code=subdistrict, name=None, total=0, by_status=dict.fromkeys(STATUSES, 0), licensed_beds=0,
            residents=0))
        entry.total += count
        entry.by_status[status] = entry.by_status.get(status, 0) + count
        entry.licensed_beds += beds
        entry.residents += residents
    names = repository.area_names(session, set(subdistricts))
    for code, entry in subdistricts.items():
        entry.name = names.get(code)
    return FacilityStatistics(
        area_code=_narrowest(principal.area, area), generated_at=clock.now(),
        total=sum(by_status.values()), by_status=by_status, by_ownership=by_ownership, by_class=by_class,
        licensed_beds=sum(e.licensed_beds for e in subdistricts.values()),
        residents=sum(e.residents for e in subdistricts.values()),
        subdistricts=sorted(subdistricts.values(), key=lambda e: e.code),
    )
