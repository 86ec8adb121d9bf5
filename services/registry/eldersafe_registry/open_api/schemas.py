"""What the city platform reads about facilities: no resident, manager or legal-representative personal data."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

from eldersafe_common.sync import SyncPage

FacilityClass = Literal["shutdown", "suspend", "pass"]

_FACILITY_EXAMPLE: JsonDict = {
    "id": "d728f789-9bc8-562e-9acf-2a0e6bc5927a", "name": "松鹤颐养院", "uscc": "52999001MJY0000017",
    "ownership": "private", "address": "鹤鸣区松鹤街道松鹤社区康宁路8号",
    "subdistrict_code": "999001001", "subdistrict_name": "松鹤街道",
    "community_code": "999001001001", "community_name": "松鹤社区", "area_code": "999001001001",
    "latitude": 47.3321, "longitude": 130.2617, "licensed_beds": 120, "residents_count": 86,
    "status": "operating", "classification": "suspend", "classified_at": "2026-11-20T09:30:00+00:00",
    "building": {"floors": 4, "height_m": 14.5, "structure": "brick_concrete", "floor_area_m2": 3200,
                 "year_built": 1998},
    "created_at": "2026-09-01T08:00:00+00:00", "updated_at": "2026-11-20T09:30:02+00:00",
}


class OpenBuilding(BaseModel):
    floors: int | None
    height_m: float | None
    structure: str | None
    floor_area_m2: float | None
    year_built: int | None


class OpenFacility(BaseModel):
    """A facility as the open API shows it; ``updated_at`` is the time of its latest change in the feed."""

    model_config = ConfigDict(json_schema_extra={"examples": [_FACILITY_EXAMPLE]})

    id: str
    name: str
    uscc: str = Field(description="Unified social credit code (统一社会信用代码)")
    ownership: str = Field(description="public / private / public_private")
    address: str
    subdistrict_code: str
    subdistrict_name: str | None
    community_code: str
    community_name: str | None
    area_code: str
    latitude: float | None
    longitude: float | None
    licensed_beds: int
    residents_count: int
    status: str = Field(description="operating / suspended / shut_down / deregistered")
    classification: FacilityClass | None = Field(
        description="The class the task force decided in the latest campaign; null until classified")
    classified_at: datetime | None
    building: OpenBuilding
    created_at: datetime
    updated_at: datetime


class OpenFacilityPage(SyncPage[OpenFacility]):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "items": [_FACILITY_EXAMPLE], "has_more": False,
        "next_cursor": "eyJmIjp7fSwiayI6InJlZ2lzdHJ5LmZhY2lsaXRpZXMiLCJwIjo0Mn0.5Yq0tX2m0bWQ3Hc1mB8e4nJtq"}]})


class SubdistrictStatistics(BaseModel):
    code: str
    name: str | None
    total: int
    by_status: dict[str, int]
    licensed_beds: int
    residents: int


class FacilityStatistics(BaseModel):
    """Counts of the facilities inside the area; every known status, ownership and class appears, 0 included."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "area_code": "999001", "generated_at": "2026-11-30T03:00:00+00:00", "total": 20,
        "by_status": {"operating": 17, "suspended": 2, "shut_down": 1, "deregistered": 0},
        "by_ownership": {"public": 6, "private": 12, "public_private": 2},
        "by_class": {"shutdown": 1, "suspend": 3, "pass": 10, "unclassified": 6},
        "licensed_beds": 1840, "residents": 1312,
        "subdistricts": [{"code": "999001001", "name": "松鹤街道", "total": 7, "licensed_beds": 640, "residents": 455,
                          "by_status": {"operating": 6, "suspended": 1, "shut_down": 0, "deregistered": 0}}],
    }]})

    area_code: str
    generated_at: datetime
    total: int
    by_status: dict[str, int]
    by_ownership: dict[str, int]
    by_class: dict[str, int] = Field(description="Decided classes; unclassified = not classified yet")
    licensed_beds: int
    residents: int
    subdistricts: list[SubdistrictStatistics]
