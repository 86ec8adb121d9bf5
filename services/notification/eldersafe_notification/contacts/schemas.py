"""What ``GET /contacts`` answers."""

from pydantic import BaseModel


class ContactPublic(BaseModel):
    facility_id: str
    name: str
    area_code: str
    status: str
    has_manager_phone: bool
