"""Photo upload and download."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Response, UploadFile

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

_IMAGE: dict[int | str, dict[str, Any]] = {
    200: {"content": {media: {"schema": {"type": "string", "format": "binary"}}
                      for media in ("image/jpeg", "image/png", "image/webp")},
          "description": "The image, re-encoded without metadata"},
}


@router.post("", status_code=201, response_model=PhotoPublic,
             responses=problem_responses(400, 401, 403, 413, 415, 422))
def upload_photo(file: Annotated[UploadFile, File(description="A JPEG, PNG or WebP image, at most 10 MB")],
                 session: SessionDep, principal: CurrentPrincipal, storage: StorageDep) -> PhotoPublic:
    """Upload an inspection photo; EXIF and GPS data are removed (departments, admin, facility managers)."""
    return service.upload_photo(session, principal=principal, stream=file.file, storage=storage)


@router.get("/{photo_id}", response_class=Response, responses={**_IMAGE, **problem_responses(401, 403, 404)})
def get_photo(photo_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal,
              storage: StorageDep) -> Response:
    """The photo's bytes (its uploader, or anyone who may see the inspection it is attached to)."""
    data, photo = service.read_photo(session, principal=principal, photo_id=str(photo_id), storage=storage)
    return Response(data, media_type=photo.content_type, headers={
        "Cache-Control": "private, max-age=3600", "ETag": f'"{photo.sha256}"',
        "X-Content-Type-Options": "nosniff"})
