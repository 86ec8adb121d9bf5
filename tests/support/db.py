"""Databases for tests: one migrated database per run, and a rolled-back transaction per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from eldersafe_common.migrate import upgrade

# Every component with an Alembic history: (schema, migrations folder relative to the repo).
ROOT = Path(__file__).resolve().parents[2]
COMPONENTS: list[tuple[str, Path]] = [
    (schema, ROOT / folder)
    for schema, folder in [
        ("gateway", "gateway/eldersafe_gateway/migrations"),
        ("registry", "services/registry/eldersafe_registry/migrations"),
        ("inspection", "services/inspection/eldersafe_inspection/migrations"),
        ("rectification", "services/rectification/eldersafe_rectification/migrations"),
        ("notification", "services/notification/eldersafe_notification/migrations"),
    ]
]


def reset_postgres(url: str) -> None:
    """Drop every schema the platform uses, so a run starts from nothing."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as conn:
        for schema in ["events", *(s for s, _ in COMPONENTS)]:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def migrate_all(url: str) -> None:
    """Bring the events history and every component's history to head."""
    if make_url(url).get_backend_name() == "postgresql":
        reset_postgres(url)
    for schema, folder in COMPONENTS:
        if folder.exists():
            upgrade(folder, url, schema=schema)


@contextmanager
def rollback_session(engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back at the end; commits become savepoints."""
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


def session_override(session: Session) -> Callable[[], Iterator[Session]]:
    """A replacement for a service's ``get_session`` dependency that uses the test's session."""

    def override() -> Iterator[Session]:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

    return override
