"""Response models for targets (read-only: the registry owns facilities, so there is no input model)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

# Names carry the service prefix because the gateway merges every service's OpenAPI into one document.


class InspectionTargetPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    facility_id: str
    name: str
    area_code: str
    ownership: str
    licensed_beds: int
    residents_count: int
    status: str
    updated_at: datetime


class InspectionTargetPage(BaseModel):
    items: list[InspectionTargetPublic]
    total: int
    page: int
    page_size: int
