"""Queries on the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from ..models import AuditEntry


def add_many(session: Session, entries: Sequence[AuditEntry]) -> None:
    session.add_all(entries)
    session.flush()


def search(
    session: Session, *, actor: str | None, method: str | None, path_prefix: str | None,
    status_min: int | None, status_max: int | None, request_id: str | None,
    since: datetime | None, until: datetime | None, offset: int, limit: int,
) -> tuple[list[AuditEntry], int]:
    """One page of entries, newest first, and the number that match."""
    query = select(AuditEntry)
    if actor:
        query = query.where((AuditEntry.actor == actor) | (AuditEntry.actor_name == actor))
    if method:
        query = query.where(AuditEntry.method == method)
    if path_prefix:
        query = query.where(col(AuditEntry.path).startswith(path_prefix, autoescape=True))
    if status_min is not None:
        query = query.where(AuditEntry.status >= status_min)
    if status_max is not None:
        query = query.where(AuditEntry.status <= status_max)
    if request_id:
        query = query.where(AuditEntry.request_id == request_id)
    if since:
        query = query.where(AuditEntry.occurred_at >= since)
    if until:
        query = query.where(AuditEntry.occurred_at < until)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    ordered = query.order_by(col(AuditEntry.occurred_at).desc(), col(AuditEntry.id)).offset(offset).limit(limit)
    return list(session.exec(ordered).all()), int(total)
