"""Response models for facilities (read-only: the registry owns facilities, so there is no input model)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

# Names carry the service prefix because the gateway merges every service's OpenAPI into one document.


class RectificationFacilityPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    facility_id: str
    name: str
    area_code: str
    manager: str | None
    manager_phone: str | None
    status: str
    latitude: float | None = None
    longitude: float | None = None
    licensed_beds: int | None = None
    residents_count: int | None = None
    classification: str | None = Field(default=None, description="The latest class decided: shutdown, suspend or pass")
    classified_campaign_id: str | None = None
    updated_at: datetime


class RectificationFacilityPage(BaseModel):
    items: list[RectificationFacilityPublic]
    total: int
    page: int
    page_size: int
