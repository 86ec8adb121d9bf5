"""Response models for facilities (read-only: the registry owns facilities, so there is no input model)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

# Names carry the service prefix because the gateway merges every service's OpenAPI into one document.


class RectificationFacilityPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    facility_id: str
    name: str
    area_code: str
    manager: str | None
    manager_phone: str | None
    status: str
    updated_at: datetime


class RectificationFacilityPage(BaseModel):
    items: list[RectificationFacilityPublic]
    total: int
    page: int
    page_size: int
