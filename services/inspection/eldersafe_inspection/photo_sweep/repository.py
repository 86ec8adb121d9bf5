"""Queries of the photo sweep (``sweep.py``): old unattached photo rows, and the storage keys rows still hold."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from ..photos.models import Photo
from ..tipoffs.tips.models import TipPhoto

# Keeps each IN list far below SQLite's and PostgreSQL's bound-parameter limits.
KEY_BATCH = 500


def delete_unattached(session: Session, *, uploaded_before: datetime) -> int:
    """Delete photo rows no answer attached and uploaded before the cutoff; the number deleted."""
    # One conditional statement: an answer attaching the photo at the same moment either commits first (the row
    # no longer matches) or finds the row gone, never a row deleted after it was attached.
    result = session.connection().execute(
        delete(Photo).where(col(Photo.inspection_id).is_(None), col(Photo.uploaded_at) < uploaded_before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def referenced_keys(session: Session, keys: Iterable[str]) -> set[str]:
    """Those of ``keys`` that a photo row or a tip_photo row holds."""
    keys = list(dict.fromkeys(keys))
    found: set[str] = set()
    for start in range(0, len(keys), KEY_BATCH):
        batch = keys[start:start + KEY_BATCH]
        for model in (Photo, TipPhoto):
            column = col(model.storage_key)
            found.update(session.exec(select(column).where(column.in_(batch)).distinct()))
    return found
