"""Reading the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from eldersafe_common.errors import FieldError, Invalid

from . import repository
from .schemas import AuditEntryPublic, AuditPage

OUTCOMES = {"success": (200, 399), "client_error": (400, 499), "server_error": (500, 599), "failure": (400, 599)}


def _utc(moment: datetime | None, *, field: str) -> datetime | None:
    """Entries are stored in UTC; a zone-less filter is taken as UTC too."""
    if moment is None:
        return None
    try:
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except OverflowError:
        # 0001-01-01T00:00+00:01 is a valid ISO time whose UTC instant falls before year 1 (schemathesis found it).
        raise Invalid("The time is out of range.", code="validation_failed",
                      errors=[FieldError(field=f"query.{field}", reason="out of range")]) from None


def list_entries(
    *, session: Session, actor: str | None, method: str | None, path_prefix: str | None, outcome: str | None,
    status: int | None, request_id: str | None, since: datetime | None, until: datetime | None, page: int,
    page_size: int,
) -> AuditPage:
    """One page of the audit trail, newest first."""
    since, until = _utc(since, field="since"), _utc(until, field="until")
    if since and until and since >= until:
        raise Invalid("'since' must be before 'until'.", code="validation_failed",
                      errors=[FieldError(field="query.since", reason="must be before until")])
    status_min, status_max = OUTCOMES[outcome] if outcome else (None, None)
    if status is not None:
        status_min = status_max = status
    rows, total = repository.search(
        session, actor=actor, method=method, path_prefix=path_prefix, status_min=status_min, status_max=status_max,
        request_id=request_id, since=since, until=until, offset=(page - 1) * page_size, limit=page_size,
    )
    items = [AuditEntryPublic.model_validate(row, from_attributes=True) for row in rows]
    return AuditPage(items=items, total=total, page=page, page_size=page_size)
