"""Uploaded files on local disk: read with a size cap, images re-encoded from their pixels alone, and stored under one
root, content-addressed. Inspection's photos (``photos/``) and rectification's evidence (``ledger/evidence.py``)
both keep their uploads this way; each passes its own problem for a refusal (its codes are its own).
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from PIL import Image, ImageOps, UnidentifiedImageError

CHUNK = 64 * 1024
# A small file can decode to an enormous bitmap; refuse images beyond this many pixels.
MAX_PIXELS = 40_000_000
# Pillow format → (content type, file extension): the only images accepted.
IMAGE_FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
UPLOAD_TEMP = ".upload-"  # the prefix of a file being written (a sweep may remove old leftovers of it)

Refusal = Callable[[], Exception]


def copy_limited(source: IO[bytes], target: IO[bytes], *, max_bytes: int, too_large: Refusal) -> int:
    """Copy in chunks, raising ``too_large()`` as soon as more than ``max_bytes`` arrived; the bytes copied."""
    total = 0
    while chunk := source.read(CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise too_large()
        target.write(chunk)
    return total


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


def _pixels_only(image: Image.Image, image_format: str) -> Image.Image:
    """A new image holding the pixels alone: no EXIF, GPS, XMP, ICC or text chunks survive."""
    image = ImageOps.exif_transpose(image)  # keep what the camera meant as "up" before the tag goes
    keeps_alpha = image_format != "JPEG" and ("A" in image.getbands() or "transparency" in image.info)
    wanted = {"JPEG": ("L", "RGB")}.get(image_format, ("L", "LA", "RGB", "RGBA"))
    if image.mode not in wanted:
        image = image.convert("RGBA" if keeps_alpha else "RGB")
    return Image.frombytes(image.mode, image.size, image.tobytes())


def reencode_image(source: IO[bytes], *, not_an_image: Refusal, too_many_pixels: Refusal,
                   max_pixels: int = MAX_PIXELS) -> CleanImage:
    """Decide the type from the content (JPEG, PNG or WebP) and re-encode the pixels; ``not_an_image()`` for
    anything else (or a broken image), ``too_many_pixels()`` beyond ``max_pixels``."""
    try:
        with Image.open(source, formats=list(IMAGE_FORMATS)) as image:
            image_format = image.format or ""
            if image_format not in IMAGE_FORMATS:
                raise not_an_image()
            if image.width * image.height > max_pixels:
                raise too_many_pixels()
            image.load()
            clean = _pixels_only(image, image_format)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise not_an_image() from exc
    out = io.BytesIO()
    options = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}}.get(image_format, {})
    clean.save(out, format=image_format, **options)
    content_type, extension = IMAGE_FORMATS[image_format]
    return CleanImage(out.getvalue(), content_type, extension, clean.width, clean.height)


class ContentAddressedFiles:
    """Files under one folder named by the SHA-256 of their bytes: ``ab/abcdef….ext``."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, key: str) -> Path:
        """Where ``key`` lives; FileNotFoundError for a key that would leave the root (``../``, absolute)."""
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise FileNotFoundError(key)
        return path

    def save(self, data: bytes, *, extension: str) -> str:
        """Write the file once (atomically) and return its key; the same bytes again reuse the file."""
        digest = hashlib.sha256(data).hexdigest()
        key = f"{digest[:2]}/{digest}.{extension}"
        path = self.path(key)
        if path.exists():
            # A sweep (inspection's photo_sweep) removes only files untouched for its grace period, so a reused
            # file must look new; if the sweep took it meanwhile, the touch fails and the bytes are written again.
            try:
                os.utime(path)
                return key
            except FileNotFoundError:
                pass
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=UPLOAD_TEMP)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return key

    def read(self, key: str) -> bytes:
        """The stored bytes; FileNotFoundError when they are gone."""
        return self.path(key).read_bytes()
