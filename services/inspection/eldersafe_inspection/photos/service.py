"""Photo uploads: judged by their content, size-capped, re-encoded without metadata.

Who may read a photo is the inspections' rule (``inspections/photos.py``): photos know no other domain.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import uuid
from dataclasses import dataclass
from typing import IO

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import DEPARTMENTS, Principal, Role
from eldersafe_common.errors import TooLarge, UnsupportedMedia

from . import repository
from .models import Photo
from .schemas import PhotoPublic
from .storage import PhotoStorage

MAX_BYTES = 10 * 1024 * 1024
# A small file can decode to an enormous bitmap; refuse images beyond this many pixels.
MAX_PIXELS = 40_000_000
CHUNK = 64 * 1024
# Pillow format → (content type, file extension)
FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
UPLOADERS = (*sorted(DEPARTMENTS), Role.admin, Role.facility)


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


def photo_public(photo: Photo) -> PhotoPublic:
    return PhotoPublic.model_validate(photo, from_attributes=True)


def copy_limited(source: IO[bytes], target: IO[bytes], *, max_bytes: int) -> int:
    """Copy in chunks, refusing the upload as soon as it passes ``max_bytes``."""
    total = 0
    while chunk := source.read(CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise TooLarge(f"A photo may be at most {max_bytes // (1024 * 1024)} MB.", code="photo_too_large")
        target.write(chunk)
    return total


def _pixels_only(image: Image.Image, image_format: str) -> Image.Image:
    """A new image holding the pixels alone: no EXIF, GPS, XMP, ICC or text chunks survive."""
    image = ImageOps.exif_transpose(image)  # keep what the camera meant as "up" before the tag goes
    keeps_alpha = image_format != "JPEG" and ("A" in image.getbands() or "transparency" in image.info)
    wanted = {"JPEG": ("L", "RGB")}.get(image_format, ("L", "LA", "RGB", "RGBA"))
    if image.mode not in wanted:
        image = image.convert("RGBA" if keeps_alpha else "RGB")
    return Image.frombytes(image.mode, image.size, image.tobytes())


def reencode(source: IO[bytes]) -> CleanImage:
    """Decide the type from the content (JPEG, PNG or WebP) and re-encode the pixels."""
    not_image = UnsupportedMedia("Only JPEG, PNG and WebP images are accepted.", code="not_an_image")
    try:
        with Image.open(source, formats=list(FORMATS)) as image:
            image_format = image.format or ""
            if image_format not in FORMATS:
                raise not_image
            if image.width * image.height > MAX_PIXELS:
                raise TooLarge("The image has too many pixels.", code="photo_too_large")
            image.load()
            clean = _pixels_only(image, image_format)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise not_image from exc
    out = io.BytesIO()
    options = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}}.get(image_format, {})
    clean.save(out, format=image_format, **options)
    content_type, extension = FORMATS[image_format]
    return CleanImage(out.getvalue(), content_type, extension, clean.width, clean.height)


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
