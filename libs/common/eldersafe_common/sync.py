"""Change feeds for the open API: a per-row change sequence stamped in commit order, and signed cursors.

A table that an outside client synchronises carries ``change_seq``: every insert or update of a row sets it to
the table's current maximum + 1 inside the writing transaction. :func:`track_changes` installs that stamp for a
model, so no write path can forget it (a ``before_flush`` hook, not a call in each service function).

Why the lock: two writers that each read ``max + 1`` could commit in the opposite order of their numbers, and a
client that has already paged past the larger one would never see the smaller. On PostgreSQL the stamp first
takes ``pg_advisory_xact_lock(<key of the table>)``, held until commit, so sequence order equals commit order and
a reader always sees a prefix of the sequence. On SQLite writers are already serialised by ``BEGIN IMMEDIATE``.
Paging by ``change_seq > position`` therefore neither misses nor repeats a change: a row changed after it was
paged moves to the end and is served again with its new state; a row not yet reached is served once.

Cursors are opaque to clients: base64url JSON ``{k: kind, p: position, f: filters}`` plus an HMAC-SHA256 tag,
bound to the endpoint (``kind``) and its filters. A tampered, foreign or malformed cursor is refused with 400
``invalid_cursor``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, Field, PlainValidator, WithJsonSchema
from sqlalchemy import Table, event, func, select, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.sql import Select

from . import clock
from .auth import Principal, Role
from .errors import FieldError, Forbidden, Invalid

SEQ_COLUMN = "change_seq"
LIMIT_DEFAULT = 100
LIMIT_MAX = 500
_CURSOR_MAX_CHARS = 2000

T = TypeVar("T")
S = TypeVar("S", bound=Select[Any])


class InvalidCursor(Invalid):
    status = 400
    code = "invalid_cursor"


@dataclass(frozen=True)
class _Tracked:
    table: Table
    lock_key: int
    time_attribute: str | None


_TRACKED: dict[type[Any], _Tracked] = {}


def lock_key(table_name: str) -> int:
    """The advisory-lock key of a table: a stable signed 64-bit number derived from its name."""
    digest = hashlib.sha256(f"eldersafe.sync:{table_name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def track_changes(model: type[Any], *, time_attribute: str | None = None) -> None:
    """Stamp ``change_seq`` (and ``time_attribute``, if given, with the time) on every insert and update of
    ``model``. Idempotent; call it where the model is defined so that every process that writes has it."""
    table = model.__table__
    if SEQ_COLUMN not in table.c:
        raise TypeError(f"{model.__name__} has no {SEQ_COLUMN} column")
    _TRACKED[model] = _Tracked(table=table, lock_key=lock_key(table.name), time_attribute=time_attribute)
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)


def stamp_change(session: Session, row: Any) -> None:
    """Record a change of ``row`` that touched none of its columns (e.g. a campaign's progress moved):
    it is stamped at the next flush, which this call performs."""
    if type(row) not in _TRACKED:
        raise TypeError(f"{type(row).__name__} is not tracked; call track_changes first")
    session.add(row)
    flag_modified(row, SEQ_COLUMN)
    session.flush()


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    pending: dict[type[Any], list[Any]] = {}
    for row in session.new:
        if type(row) in _TRACKED:
            pending.setdefault(type(row), []).append(row)
    for row in session.dirty:
        if type(row) in _TRACKED and session.is_modified(row, include_collections=False):
            pending.setdefault(type(row), []).append(row)
    if not pending:
        return
    connection = session.connection()
    now = clock.now()
    # Models in a fixed order, so two writers touching two tracked tables take the locks in the same order.
    for model in sorted(pending, key=lambda m: _TRACKED[m].table.name):
        tracked = _TRACKED[model]
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": tracked.lock_key})
        current = connection.execute(
            select(func.coalesce(func.max(tracked.table.c[SEQ_COLUMN]), 0))).scalar_one()
        for offset, row in enumerate(pending[model], start=1):
            setattr(row, SEQ_COLUMN, int(current) + offset)
            if tracked.time_attribute:
                setattr(row, tracked.time_attribute, now)


def require_open_reader(principal: Principal, scope: str) -> None:
    """The open API's gate: a city-platform client holding ``scope`` (403 ``scope_missing`` without it), or an
    admin; every other role 403 ``role_forbidden``. The caller's area still bounds what it sees."""
    if principal.role == Role.admin:
        return
    if principal.role != Role.city_platform:
        raise Forbidden("The open API is for the city platform's clients.", code="role_forbidden")
    principal.require_scope(scope)


# --- cursors -------------------------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _canonical(filters: Mapping[str, Any]) -> dict[str, Any]:
    return {key: filters[key] for key in sorted(filters) if filters[key] is not None}


def _tag(body: str, secret: str) -> str:
    return _b64(hmac.new(secret.encode(), body.encode("ascii"), hashlib.sha256).digest())


def encode_cursor(kind: str, position: int, filters: Mapping[str, Any], secret: str) -> str:
    """An opaque cursor for ``position`` in the feed ``kind`` under ``filters`` (JSON-serialisable values)."""
    document = {"k": kind, "p": position, "f": _canonical(filters)}
    body = _b64(json.dumps(document, separators=(",", ":"), sort_keys=True, ensure_ascii=True).encode())
    return f"{body}.{_tag(body, secret)}"


def decode_cursor(cursor: str, *, kind: str, filters: Mapping[str, Any], secret: str) -> int:
    """The position a cursor holds; raise :class:`InvalidCursor` if it was altered, was issued by another
    feed or for other filters, or is not a cursor at all."""
    refused = InvalidCursor(
        "The cursor is not valid for this request: pass back next_cursor unchanged, with the same filters.",
        errors=[FieldError(field="query.cursor", reason="invalid cursor")])
    if len(cursor) > _CURSOR_MAX_CHARS or not cursor.isascii() or cursor.count(".") != 1:
        raise refused
    body, tag = cursor.split(".")
    if not hmac.compare_digest(tag.encode("ascii"), _tag(body, secret).encode("ascii")):
        raise refused
    try:
        document = json.loads(_unb64(body))
    except (ValueError, binascii.Error) as exc:
        raise refused from exc
    if not isinstance(document, dict) or document.get("k") != kind or document.get("f") != _canonical(filters):
        raise refused
    position = document.get("p")
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise refused
    return position


# --- query parameters ----------------------------------------------------------------------------------------

_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$")


def _rfc3339(value: Any) -> datetime:
    # Lax parsing would take "0.5" as a Unix time, and a time without an offset is ambiguous.
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value
    if not isinstance(value, str) or not _RFC3339.match(value):
        raise ValueError("must be an RFC 3339 date-time with an offset, e.g. 2026-11-01T00:00:00+08:00")
    text_value = value.replace("z", "Z").replace("t", "T")
    fraction = re.search(r"\.(\d+)", text_value)
    if fraction and len(fraction.group(1)) > 6:  # Python keeps microseconds only
        text_value = text_value.replace(fraction.group(0), "." + fraction.group(1)[:6])
    try:
        return datetime.fromisoformat(text_value)
    except ValueError as exc:
        raise ValueError("is not a valid date-time") from exc


Rfc3339 = Annotated[datetime, PlainValidator(_rfc3339), WithJsonSchema({"type": "string", "format": "date-time"})]


# --- pages ---------------------------------------------------------------------------------------------------


class SyncPage(BaseModel, Generic[T]):
    """One page of a change feed. ``next_cursor`` is always present: poll with it to get later changes."""

    items: list[T]
    next_cursor: str = Field(description="Opaque; pass it back unchanged (with the same filters) for the "
                                         "next page or, when has_more is false, later to get new changes")
    has_more: bool = Field(description="True when more changes were already waiting after this page")


@dataclass(frozen=True)
class Window:
    """Where a page starts: after ``position``; ``since`` only on a first page (a cursor supersedes it)."""

    position: int
    since: datetime | None
    limit: int


def window(*, kind: str, cursor: str | None, updated_since: datetime | None, limit: int,
           filters: Mapping[str, Any], secret: str) -> Window:
    """Resolve a request's ``cursor`` / ``updated_since`` / ``limit`` into a :class:`Window`."""
    if not 1 <= limit <= LIMIT_MAX:
        raise Invalid("limit must be between 1 and 500.", code="validation_failed",
                      errors=[FieldError(field="query.limit", reason=f"must be 1–{LIMIT_MAX}")])
    if updated_since is not None and updated_since.tzinfo is None:
        raise Invalid("updated_since needs a time-zone offset (RFC 3339).", code="validation_failed",
                      errors=[FieldError(field="query.updated_since", reason="RFC 3339 time with an offset")])
    if cursor is not None:
        return Window(decode_cursor(cursor, kind=kind, filters=filters, secret=secret), None, limit)
    return Window(0, updated_since, limit)


def keyset(statement: S, seq_column: Any, window: Window) -> S:
    """Restrict ``statement`` to the window, in sequence order, one row past the limit (to learn has_more)."""
    return statement.where(seq_column > window.position).order_by(seq_column).limit(window.limit + 1)


def head(session: Session, model: type[Any]) -> int:
    """The highest ``change_seq`` of a tracked table (0 when empty)."""
    column = model.__table__.c[SEQ_COLUMN]
    return int(session.execute(select(func.coalesce(func.max(column), 0))).scalar_one())


def page(rows: Sequence[Any], items: list[T], *, window: Window, kind: str, filters: Mapping[str, Any],
         secret: str, head_position: int | None = None) -> SyncPage[T]:
    """Build the page from the rows a :func:`keyset` query returned (``items`` are their public forms).

    The cursor points after the last row served. An empty page keeps its position, except a first page
    filtered by ``updated_since``: nothing up to ``head_position`` (see :func:`head`) changed since then, so
    the cursor moves there, or the next poll, which has no ``updated_since``, would start from the beginning.
    Read ``head_position`` BEFORE the page's rows: a change committed in between then lies above it.
    """
    has_more = len(rows) > window.limit
    served = rows[: window.limit]
    if served:
        position = getattr(served[-1], SEQ_COLUMN)
    elif window.since is not None and head_position is not None:
        position = max(window.position, head_position)
    else:
        position = window.position
    return SyncPage[T](items=items[: window.limit], has_more=has_more,
                       next_cursor=encode_cursor(kind, position, filters, secret))
