"""Photo upload (reading one follows an inspection's area rule: ``inspections/photo_router.py``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, UploadFile

from eldersafe_common.errors import TooLarge, problem_responses
from eldersafe_common.uploads import capped_body_route

from ..deps import CurrentPrincipal, SessionDep
from . import service
from .schemas import PhotoPublic
from .storage import PhotoStorage, get_photo_storage

# The multipart envelope around the file (boundary lines, part headers) needs a little room.
BODY_LIMIT = service.MAX_BYTES + 64 * 1024


def _too_large() -> TooLarge:
    return TooLarge(f"A photo may be at most {service.MAX_BYTES // (1024 * 1024)} MB.", code="photo_too_large")


router = APIRouter(prefix="/api/inspection/photos", tags=["inspection photos"],
                   route_class=capped_body_route(BODY_LIMIT, _too_large))
StorageDep = Annotated[PhotoStorage, Depends(get_photo_storage)]

@router.post("", status_code=201, response_model=PhotoPublic,
             responses=problem_responses(400, 401, 403, 413, 415, 422))
def upload_photo(file: Annotated[UploadFile, File(description="A JPEG, PNG or WebP image, at most 10 MB")],
                 session: SessionDep, principal: CurrentPrincipal, storage: StorageDep) -> PhotoPublic:
    """Upload an inspection photo; EXIF and GPS data are removed (departments, admin, facility managers)."""
    return service.upload_photo(session, principal=principal, stream=file.file, storage=storage)
