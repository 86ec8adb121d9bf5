"""Engines and sessions.

Embedded default: one SQLite file under ``var/`` holding every service's tables (table names are unique
platform-wide) and the shared events table, so that a state change and its event commit atomically.
Production: one PostgreSQL database, each service on its own schema; ``search_path`` is set to
``<service schema>, events`` so the same unqualified models work on both.

The request dependency owns the transaction: services and repositories ``flush()``, never ``commit()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from sqlalchemy import Column, DateTime, Integer, text
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Dialect, Engine, make_url
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, create_engine

EVENTS_SCHEMA = "events"


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp that is stored in UTC and always comes back timezone-aware.

    SQLite keeps no offset and hands back naive values; responses must carry one (RFC 3339), so every
    service's time columns use this type instead of repairing times in each schema.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


def version_column() -> Column[int]:
    """A new ``version`` column for one table (a Column object belongs to one table, so call it per model)."""
    return Column("version", Integer, nullable=False, default=1)


def optimistic(column: Column[int]) -> dict[str, Any]:
    """Mapper arguments that make every UPDATE of the row carry ``WHERE version = <the version loaded>``.

    The version check in Python alone lets two concurrent edits with the same version both pass on
    PostgreSQL (READ COMMITTED) unless the row was read ``FOR UPDATE``; with this the second UPDATE matches
    no row and SQLAlchemy raises ``StaleDataError``, answered 409 ``version_conflict`` (``errors.py``). The
    services bump ``version`` themselves (the generator is off), so a write that does not bump it still
    carries the check but leaves the number as it was.

    Use it as ``version: int = Field(default=1, sa_column=_VERSION)`` and
    ``__mapper_args__: ClassVar[dict[str, Any]] = optimistic(_VERSION)`` with ``_VERSION = version_column()``.
    """
    return {"version_id_col": column, "version_id_generator": False}


def make_engine(database_url: str, *, schema: str | None = None, **kwargs: Any) -> Engine:
    """Create an engine for one service; ``schema`` is the service's own PostgreSQL schema."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        database = url.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs
        )
        _configure_sqlite(engine)
        return engine
    connect_args: dict[str, Any] = {}
    if schema:
        connect_args["options"] = f"-csearch_path={schema},{EVENTS_SCHEMA}"
    kwargs.setdefault("pool_pre_ping", True)
    if "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", 10)
    return create_engine(url, connect_args=connect_args, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @sa_event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself so that BEGIN IMMEDIATE can be used for writers.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @sa_event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # Writers take the lock up front with IMMEDIATE: several processes write to one file, and a
        # deferred transaction that upgrades to a writer later fails with SQLITE_BUSY at once.
        # Readers stay deferred so that, under WAL, they never wait for a writer.
        readonly = connection.get_execution_options().get("readonly", False)
        connection.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def ensure_schema(engine: Engine, schema: str) -> None:
    """Create the service's PostgreSQL schema (no-op on SQLite)."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))


@contextmanager
def transaction(engine: Engine, *, readonly: bool = False) -> Iterator[Session]:
    """A session whose work commits on success and rolls back on error (requests, workers, scripts)."""
    bind = engine.execution_options(readonly=True) if readonly else engine
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def session_dependency(get_engine: Callable[[], Engine]) -> Callable[..., Iterator[Session]]:
    """Build the FastAPI dependency that gives one request one transaction.

    Reads (GET/HEAD) take no write lock on SQLite. Use it with ``Depends(..., scope="function")``
    so that the commit happens before the response is sent and a failing commit is reported.
    """

    def get_session(request: Request) -> Iterator[Session]:
        with transaction(get_engine(), readonly=request.method in SAFE_METHODS) as session:
            yield session

    return get_session
