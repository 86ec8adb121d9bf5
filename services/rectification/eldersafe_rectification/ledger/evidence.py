"""Evidence uploads: type judged from the content, size-capped, images re-encoded without metadata."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import uuid
from functools import lru_cache
from pathlib import Path
from typing import IO

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal
from eldersafe_common.errors import NotFound, TooLarge, UnsupportedMedia

from ..settings import get_settings
from . import repository, states
from .access import deny as _deny
from .access import load as _load
from .access import own_facility_manager, owning_department
from .history import record as _record
from .models import HazardEvidence
from .schemas import EvidencePublic

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
CHUNK = 64 * 1024
IMAGE_FORMATS: dict[str, tuple[str, str]] = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"),
                                             "WEBP": ("image/webp", "webp")}
UNSUPPORTED = "Only JPEG, PNG or WebP images and PDF documents are accepted."


class EvidenceStore:
    """Content-addressed files under one folder (``ab/abcdef….ext``)."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise FileNotFoundError(key)
        return path

    def save(self, data: bytes, *, extension: str) -> str:
        digest = hashlib.sha256(data).hexdigest()
        key = f"{digest[:2]}/{digest}.{extension}"
        path = self.path(key)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(temp, path)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        return key


@lru_cache
def get_evidence_store() -> EvidenceStore:
    """The configured store (a request dependency; tests override it)."""
    return EvidenceStore(get_settings().evidence_dir)


def _read_limited(stream: IO[bytes], max_bytes: int) -> bytes:
    buffer = io.BytesIO()
    while chunk := stream.read(CHUNK):
        if buffer.tell() + len(chunk) > max_bytes:
            raise TooLarge(f"Evidence may be at most {max_bytes // (1024 * 1024)} MB.", code="evidence_too_large")
        buffer.write(chunk)
    return buffer.getvalue()


def clean(data: bytes) -> tuple[bytes, str, str]:
    """(bytes to store, content type, extension): a PDF as sent, an image re-encoded from its pixels alone."""
    if data.startswith(b"%PDF-"):
        return data, "application/pdf", "pdf"
    try:
        with Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as image:
            image_format = image.format or ""
            if image.width * image.height > MAX_PIXELS:
                raise TooLarge("The image has too many pixels.", code="evidence_too_large")
            image.load()
            upright = ImageOps.exif_transpose(image)
            alpha = image_format != "JPEG" and "A" in upright.getbands()
            if upright.mode not in (("L", "RGB") if image_format == "JPEG" else ("L", "LA", "RGB", "RGBA")):
                upright = upright.convert("RGBA" if alpha else "RGB")
            pixels = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise UnsupportedMedia(UNSUPPORTED, code="unsupported_evidence") from exc
    out = io.BytesIO()
    pixels.save(out, format=image_format, **({"quality": 90} if image_format != "PNG" else {}))
    content_type, extension = IMAGE_FORMATS[image_format]
    return out.getvalue(), content_type, extension


def upload(session: Session, *, principal: Principal, hazard_id: str, stream: IO[bytes], filename: str | None,
           note: str | None, store: EvidenceStore, max_bytes: int = MAX_BYTES) -> EvidencePublic:
    """Attach evidence to a hazard being rectified (the facility's manager or the owning department)."""
    hazard = _load(session, principal, hazard_id)
    if not (own_facility_manager(principal, hazard) or owning_department(principal, hazard)):
        raise _deny()
    states.require(states.UPLOAD_EVIDENCE, hazard.state)
    data = _read_limited(stream, max_bytes)
    if not data:
        raise UnsupportedMedia("The file is empty.", code="unsupported_evidence")
    stored, content_type, extension = clean(data)
    key = store.save(stored, extension=extension)
    row = HazardEvidence(
        id=str(uuid.uuid4()), hazard_id=hazard.id, filename=(filename or f"evidence.{extension}")[:200],
        content_type=content_type, size=len(stored), sha256=hashlib.sha256(stored).hexdigest(), storage_key=key,
        note=note, uploaded_by=principal.subject, uploaded_by_name=principal.name, uploaded_at=clock.now(),
    )
    repository.save(session, row)
    _record(session, hazard, principal=principal, action="evidence_uploaded", from_state=hazard.state,
            detail={"evidence_id": row.id, "content_type": content_type})
    return EvidencePublic.model_validate(row)


def locate(session: Session, *, principal: Principal, hazard_id: str, evidence_id: str,
           store: EvidenceStore) -> tuple[Path, HazardEvidence]:
    """The stored file of one evidence item of a visible hazard."""
    hazard = _load(session, principal, hazard_id)
    row = repository.get_evidence(session, evidence_id)
    if row is None or row.hazard_id != hazard.id:
        raise NotFound("Evidence not found.", code="evidence_not_found")
    path = store.path(row.storage_key)
    if not path.exists():
        raise NotFound("The evidence file is missing.", code="evidence_file_missing")
    return path, row

