"""Registry test fixtures: a rolled-back session per test, the demo areas, and a few facilities."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_registry import deps
from eldersafe_registry.main import app
from tests.services.registry.helpers import World, build_world
from tests.support.db import rollback_session, session_override


@pytest.fixture
def session(migrated: str) -> Iterator[Session]:
    with rollback_session(deps.get_engine()) as session:
        yield session


@pytest.fixture
def client(session: Session) -> Iterator[TestClient]:
    app.dependency_overrides[deps.get_session] = session_override(session)
    with TestClient(app) as client:
        yield client
    app.dependency_overrides.clear()


@pytest.fixture
def world(session: Session) -> World:
    """Demo areas, departments and task force, a second district, and four facilities with one resident each."""
    return build_world(session)


@pytest.fixture
def civil(auth: Any) -> dict[str, str]:
    return auth("civil_affairs", "staff")


@pytest.fixture
def admin(auth: Any) -> dict[str, str]:
    return auth("admin", "staff")
