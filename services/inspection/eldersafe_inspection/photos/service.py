"""Photo uploads: judged by their content, size-capped, re-encoded without metadata.

Who may read a photo is the inspections' rule (``inspections/photos.py``): photos know no other domain.
"""

from __future__ import annotations

import hashlib
import tempfile
import uuid
from typing import IO

from sqlmodel import Session

from eldersafe_common import clock, files
from eldersafe_common.auth import DEPARTMENTS, Principal, Role
from eldersafe_common.errors import TooLarge, UnsupportedMedia
from eldersafe_common.files import CleanImage

from . import repository
from .models import Photo
from .schemas import PhotoPublic
from .storage import PhotoStorage

MAX_BYTES = 10 * 1024 * 1024
CHUNK = files.CHUNK
UPLOADERS = (*sorted(DEPARTMENTS), Role.admin, Role.facility)


def photo_public(photo: Photo) -> PhotoPublic:
    return PhotoPublic.model_validate(photo, from_attributes=True)


def copy_limited(source: IO[bytes], target: IO[bytes], *, max_bytes: int) -> int:
    """Copy in chunks, refusing the upload as soon as it passes ``max_bytes``."""
    return files.copy_limited(source, target, max_bytes=max_bytes, too_large=lambda: TooLarge(
        f"A photo may be at most {max_bytes // (1024 * 1024)} MB.", code="photo_too_large"))


def reencode(source: IO[bytes]) -> CleanImage:
    """Decide the type from the content (JPEG, PNG or WebP) and re-encode the pixels."""
    return files.reencode_image(
        source,
        not_an_image=lambda: UnsupportedMedia("Only JPEG, PNG and WebP images are accepted.", code="not_an_image"),
        too_many_pixels=lambda: TooLarge("The image has too many pixels.", code="photo_too_large"))


def upload_photo(session: Session, *, principal: Principal, stream: IO[bytes], storage: PhotoStorage,
                 max_bytes: int = MAX_BYTES) -> PhotoPublic:
    """Check, clean and store an uploaded image; it belongs to its uploader until an answer attaches it."""
    principal.require(*UPLOADERS)
    with tempfile.TemporaryFile() as spool:
        if copy_limited(stream, spool, max_bytes=max_bytes) == 0:
            raise UnsupportedMedia("The file is empty.", code="not_an_image")
        spool.seek(0)
        clean = reencode(spool)
    key = storage.save(clean.data, extension=clean.extension)
    photo = Photo(
        id=str(uuid.uuid4()), storage_key=key, sha256=hashlib.sha256(clean.data).hexdigest(),
        content_type=clean.content_type, size=len(clean.data), width=clean.width, height=clean.height,
        uploaded_by=principal.subject, uploaded_at=clock.now(),
    )
    return photo_public(repository.save(session, photo))
