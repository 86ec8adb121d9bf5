"""Photos sent with a tip: at most five, 5 MB each, judged by content and re-encoded without metadata.

The checks and the re-encoding are the inspection photos' own (``photos.service``), with a tighter size cap:
a tip's photo is the reporter's, so its EXIF/GPS (where and with which phone it was taken) must never survive.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from typing import IO

from eldersafe_common.errors import FieldError, Invalid, TooLarge, UnsupportedMedia

from ...photos.service import CleanImage, copy_limited, reencode

MAX_PHOTOS = 5
MAX_PHOTO_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class PhotoUpload:
    """One uploaded file as the intake receives it (the web form and Open311 both hand these over)."""

    filename: str | None
    stream: IO[bytes]


def _refusal(exc: TooLarge | UnsupportedMedia, *, index: int) -> Invalid:
    return Invalid(exc.detail, code=exc.code, errors=[FieldError(field=f"body.photos.{index}", reason=exc.detail)])


def clean_photos(photos: list[PhotoUpload]) -> list[CleanImage]:
    """Every photo checked and re-encoded, or the first refusal naming ``body.photos.<index>`` (422)."""
    if len(photos) > MAX_PHOTOS:
        raise Invalid(f"At most {MAX_PHOTOS} photos may be sent.", code="too_many_photos",
                      errors=[FieldError(field="body.photos", reason=f"at most {MAX_PHOTOS} files")])
    cleaned = []
    for index, photo in enumerate(photos):
        try:
            with tempfile.SpooledTemporaryFile(max_size=MAX_PHOTO_BYTES + 1) as spool:
                if copy_limited(photo.stream, spool, max_bytes=MAX_PHOTO_BYTES) == 0:
                    raise UnsupportedMedia("The file is empty.", code="not_an_image")
                spool.seek(0)
                cleaned.append(reencode(spool))
        except (TooLarge, UnsupportedMedia) as exc:
            raise _refusal(exc, index=index) from exc
    return cleaned
