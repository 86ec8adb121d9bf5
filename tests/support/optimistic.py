"""Simulate an edit that commits between a request's read and its write, inside the test's one transaction.

The request's loader still returns the row it read (version N); the table's row is then moved to N + 1 behind
the ORM's back, as another writer's commit would. The service's own Python check passes (it compares with N),
so only the database's ``WHERE version = N`` can catch it: the answer must be 409 ``version_conflict``.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session


def edited_meanwhile(monkeypatch: pytest.MonkeyPatch, module: Any, loader: str, table: str) -> list[str]:
    """Wrap ``module.<loader>`` (first argument the session) so that each row it returns is bumped in the table;
    returns the ids bumped."""
    original = getattr(module, loader)
    bumped: list[str] = []

    def wrapped(session: Session, *args: Any, **kwargs: Any) -> Any:
        row = original(session, *args, **kwargs)
        if row is not None:
            session.execute(text(f"UPDATE {table} SET version = version + 1 WHERE id = :id"), {"id": row.id})
            bumped.append(row.id)
        return row

    monkeypatch.setattr(module, loader, wrapped)
    return bumped


def second_writer_is_stale(engine: Any, model: type[Any], row_id: str, change: Any) -> None:
    """Two sessions load the same committed row and both change it with a bump; the first commits, and the
    second's commit must fail with ``StaleDataError`` (PostgreSQL, READ COMMITTED, no ``FOR UPDATE``)."""
    from sqlalchemy.orm.exc import StaleDataError

    with Session(engine) as first, Session(engine) as second:
        mine, theirs = first.get(model, row_id), second.get(model, row_id)
        assert mine is not None and theirs is not None and mine.version == theirs.version
        loaded = mine.version
        change(mine, "first")
        mine.version += 1
        first.commit()
        change(theirs, "second")
        theirs.version += 1
        with pytest.raises(StaleDataError):
            second.commit()
    with Session(engine) as session:
        row = session.get(model, row_id)
        assert row is not None and row.version == loaded + 1
