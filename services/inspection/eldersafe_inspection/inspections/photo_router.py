"""Reading an inspection photo (the upload is ``photos/router.py``; reading follows the inspection's area rule)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from eldersafe_common.errors import problem_responses

from ..deps import CurrentPrincipal, SessionDep
from ..photos.storage import PhotoStorage, get_photo_storage
from . import photos

router = APIRouter(prefix="/api/inspection/photos", tags=["inspection photos"])
StorageDep = Annotated[PhotoStorage, Depends(get_photo_storage)]

_IMAGE: dict[int | str, dict[str, Any]] = {
    200: {"content": {media: {"schema": {"type": "string", "format": "binary"}}
                      for media in ("image/jpeg", "image/png", "image/webp")},
          "description": "The image, re-encoded without metadata"},
}


@router.get("/{photo_id}", response_class=Response, responses={**_IMAGE, **problem_responses(401, 403, 404)})
def get_photo(photo_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal,
              storage: StorageDep) -> Response:
    """The photo's bytes (its uploader, or anyone who may see the inspection it is attached to)."""
    data, photo = photos.read_photo(session, principal=principal, photo_id=str(photo_id), storage=storage)
    return Response(data, media_type=photo.content_type, headers={
        "Cache-Control": "private, max-age=3600", "ETag": f'"{photo.sha256}"',
        "X-Content-Type-Options": "nosniff"})
