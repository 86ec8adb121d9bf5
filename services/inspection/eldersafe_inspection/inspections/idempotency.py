"""Idempotency records of creating and submitting inspections."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from eldersafe_common.errors import Conflict

from .models import InspectionIdempotency


def remember(session: Session, record: InspectionIdempotency) -> None:
    """Store an idempotency record; a concurrent request with the same key loses with 409."""
    try:
        with session.begin_nested():
            session.add(record)
    except IntegrityError as exc:
        raise Conflict("A request with this Idempotency-Key is already being processed.",
                       code="idempotency_key_in_use") from exc
