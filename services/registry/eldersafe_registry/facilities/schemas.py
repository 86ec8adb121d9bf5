from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from eldersafe_common.validation import LongText, Phone, StrictModel

from ..fields import (
    Address,
    AreaCode,
    Beds,
    Count,
    FacilityStatus,
    Floors,
    IsoDate,
    LongName,
    Ownership,
    PersonName,
    Reason,
    Structure,
    Uscc,
    Version,
    YearBuilt,
)

Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]

FacilitySort = Literal[
    "name", "-name", "licensed_beds", "-licensed_beds", "residents_count", "-residents_count",
    "updated_at", "-updated_at",
]


class BuildingFacts(StrictModel):
    floors: Floors | None = None
    height_m: Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)] | None = None
    structure: Structure | None = None
    floor_area_m2: Annotated[float, Field(ge=0, le=10_000_000, allow_inf_nan=False)] | None = None
    year_built: YearBuilt | None = None


class FacilityCreate(StrictModel):
    name: LongName
    uscc: Uscc
    ownership: Ownership
    address: Address
    subdistrict_code: AreaCode
    community_code: AreaCode
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    legal_representative: PersonName
    legal_representative_phone: Phone
    manager: PersonName
    manager_phone: Phone
    licensed_beds: Beds
    building: BuildingFacts | None = None


# Columns that may never be emptied by an update.
REQUIRED_ON_UPDATE = (
    "name", "uscc", "ownership", "address", "subdistrict_code", "community_code", "legal_representative",
    "legal_representative_phone", "manager", "manager_phone", "licensed_beds",
)


class FacilityUpdate(StrictModel):
    name: LongName | None = None
    uscc: Uscc | None = None
    ownership: Ownership | None = None
    address: Address | None = None
    subdistrict_code: AreaCode | None = None
    community_code: AreaCode | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    legal_representative: PersonName | None = None
    legal_representative_phone: Phone | None = None
    manager: PersonName | None = None
    manager_phone: Phone | None = None
    licensed_beds: Beds | None = None
    building: BuildingFacts | None = None
    over_capacity_reason: Reason | None = Field(
        default=None, description="Required when licensed_beds drops below the current residents")
    version: Version | None = Field(
        default=None, description="The version last read; a stale one answers 409 (optimistic concurrency)")

    @model_validator(mode="after")
    def _required_stay_set(self) -> "FacilityUpdate":
        nulls = [name for name in REQUIRED_ON_UPDATE if name in self.model_fields_set and getattr(self, name) is None]
        if nulls:
            raise ValueError(f"may not be null: {', '.join(nulls)}")
        return self


class StatusChange(StrictModel):
    status: FacilityStatus
    reason: Reason


class ReadinessUpdate(StrictModel):
    emergency_plan_date: IsoDate | None = None
    last_drill_date: IsoDate | None = None
    micro_fire_station: bool
    extinguishers: Count
    evacuation_tools: bool
    notes: LongText | None = None


class ReadinessPublic(BaseModel):
    emergency_plan_date: date | None
    last_drill_date: date | None
    micro_fire_station: bool
    extinguishers: int
    evacuation_tools: bool
    notes: str | None
    updated_at: datetime | None
    updated_by: str | None


class BuildingPublic(BaseModel):
    floors: int | None
    height_m: float | None
    structure: str | None
    floor_area_m2: float | None
    year_built: int | None


class FacilityPublic(BaseModel):
    id: str
    name: str
    uscc: str
    ownership: str
    address: str
    subdistrict_code: str
    community_code: str
    area_code: str
    latitude: float | None
    longitude: float | None
    legal_representative: str
    legal_representative_phone: str
    manager: str
    manager_phone: str
    licensed_beds: int
    residents_count: int
    capacity_note: str | None
    building: BuildingPublic
    status: str
    readiness: ReadinessPublic
    created_at: datetime
    updated_at: datetime
    version: int


class FacilityPage(BaseModel):
    items: list[FacilityPublic]
    total: int
    page: int
    page_size: int


class StatusChangePublic(BaseModel):
    id: str
    facility_id: str
    from_status: str | None
    to_status: str
    reason: str
    changed_by: str
    changed_by_name: str | None
    changed_at: datetime


class FacilityFilters(BaseModel):
    """List and export filters (query parameters, already validated by the router)."""

    q: str | None = None
    subdistrict_code: str | None = None
    community_code: str | None = None
    status: str | None = None
    ownership: str | None = None
    sort: str = "name"
