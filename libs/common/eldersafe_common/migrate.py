"""Alembic, driven from code: each service keeps its own history and its own version table.

``env.py`` of a service calls :func:`run_env`; ``python -m <service>.migrate`` (or :func:`upgrade`) runs it.
The shared events table has a history of its own here, applied before any service's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from alembic import command, context
from alembic.autogenerate.api import AutogenContext
from alembic.config import Config
from sqlalchemy import MetaData, pool

from .db import EVENTS_SCHEMA, UtcDateTime, ensure_schema, make_engine

EVENTS_MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(script_location: Path, database_url: str, *, schema: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("path_separator", "os")
    config.attributes["database_url"] = database_url
    config.attributes["schema"] = schema
    return config


def upgrade(script_location: Path, database_url: str, *, schema: str, revision: str = "head") -> None:
    """Bring one history up to ``revision``; the events history always goes first."""
    if script_location != EVENTS_MIGRATIONS:
        command.upgrade(alembic_config(EVENTS_MIGRATIONS, database_url, schema=EVENTS_SCHEMA), "head")
    command.upgrade(alembic_config(script_location, database_url, schema=schema), revision)


def run_env(target_metadata: MetaData) -> None:
    """Body of every ``env.py``: online migrations on the service's schema with its own version table."""
    config = context.config
    url: str = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url") or ""
    schema: str = config.attributes["schema"]
    engine = make_engine(url, schema=schema, poolclass=pool.NullPool)
    ensure_schema(engine, schema)
    is_sqlite = engine.dialect.name == "sqlite"
    own_tables = set(target_metadata.tables)

    def include_name(name: str | None, type_: str, _parent: object) -> bool:
        # One SQLite file holds every service: autogenerate must only see this service's tables.
        return type_ != "table" or name in own_tables

    def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
        # UtcDateTime is a Python-side wrapper; the column in the database is a plain timestamptz.
        if type_ == "type" and isinstance(obj, UtcDateTime):
            return "sa.DateTime(timezone=True)"
        return False

    with engine.connect() as connection:
        context.configure(
            include_name=include_name,
            render_item=render_item,
            connection=connection,
            target_metadata=target_metadata,
            version_table=f"alembic_version_{schema}",
            version_table_schema=None if is_sqlite else schema,
            render_as_batch=is_sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
