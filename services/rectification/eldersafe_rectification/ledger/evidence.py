"""Evidence uploads: type judged from the content, size-capped, images re-encoded without metadata."""

from __future__ import annotations

import hashlib
import io
import uuid
from functools import lru_cache
from pathlib import Path
from typing import IO

from sqlmodel import Session

from eldersafe_common import clock, files
from eldersafe_common.auth import Principal
from eldersafe_common.errors import NotFound, TooLarge, UnsupportedMedia

from ..settings import get_settings
from . import repository, states, tally
from .access import deny as _deny
from .access import load as _load
from .access import own_facility_manager, owning_department
from .history import record as _record
from .models import HazardEvidence
from .schemas import EvidencePublic

MAX_BYTES = 10 * 1024 * 1024
UNSUPPORTED = "Only JPEG, PNG or WebP images and PDF documents are accepted."


class EvidenceStore(files.ContentAddressedFiles):
    """Content-addressed files under one folder (``ab/abcdef….ext``)."""


@lru_cache
def get_evidence_store() -> EvidenceStore:
    """The configured store (a request dependency; tests override it)."""
    return EvidenceStore(get_settings().evidence_dir)


def _too_large(max_bytes: int) -> TooLarge:
    return TooLarge(f"Evidence may be at most {max_bytes // (1024 * 1024)} MB.", code="evidence_too_large")


def _read_limited(stream: IO[bytes], max_bytes: int) -> bytes:
    buffer = io.BytesIO()
    files.copy_limited(stream, buffer, max_bytes=max_bytes, too_large=lambda: _too_large(max_bytes))
    return buffer.getvalue()


def clean(data: bytes) -> tuple[bytes, str, str]:
    """(bytes to store, content type, extension): a PDF as sent, an image re-encoded from its pixels alone."""
    if data.startswith(b"%PDF-"):
        return data, "application/pdf", "pdf"
    image = files.reencode_image(
        io.BytesIO(data), not_an_image=lambda: UnsupportedMedia(UNSUPPORTED, code="unsupported_evidence"),
        too_many_pixels=lambda: TooLarge("The image has too many pixels.", code="evidence_too_large"))
    return image.data, image.content_type, image.extension


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
    _record(session, hazard, before=tally.bucket(hazard), principal=principal, action="evidence_uploaded",
            from_state=hazard.state,
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

