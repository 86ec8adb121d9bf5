"""Response model for photos (the upload is multipart, so there is no JSON input model)."""

from datetime import datetime

from pydantic import BaseModel


class PhotoPublic(BaseModel):
    id: str
    content_type: str
    size: int
    width: int
    height: int
    uploaded_at: datetime
    inspection_id: str | None
