"""Inspection tests: the inspection app on a rolled-back transaction, with the real registry app answering its
area checks in-process on the same transaction (both PostgreSQL schemas on the search path; one file on SQLite)."""

from collections.abc import Iterator
from functools import lru_cache

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from eldersafe_common.db import make_engine
from eldersafe_common.http import ServiceClient
from eldersafe_inspection import deps
from eldersafe_inspection.main import app
from eldersafe_registry import deps as registry_deps
from eldersafe_registry.main import app as registry_app
from eldersafe_registry.seed import load_district, seed
from tests.conftest import TEST_DATABASE_URL
from tests.support.db import rollback_session, session_override
from tests.support.in_process import AppTransport


@lru_cache
def shared_engine() -> Engine:
    return make_engine(TEST_DATABASE_URL, schema="inspection,registry")


@lru_cache
def demo_areas() -> list[dict]:
    return list(load_district()["areas"])


@pytest.fixture
def session(migrated: str) -> Iterator[Session]:
    with rollback_session(shared_engine()) as session:
        yield session


@pytest.fixture
def registry(session: Session) -> Iterator[ServiceClient]:
    """The registry app on the test's transaction, with the demo district's areas, as inspection's registry."""
    seed(session, {"areas": demo_areas(), "departments": [], "task_force": [], "facilities": []})
    session.commit()
    registry_app.dependency_overrides[registry_deps.get_session] = session_override(session)
    with TestClient(registry_app) as registry_client:
        client = ServiceClient("http://registry", transport=AppTransport(registry_client))
        app.dependency_overrides[deps.get_registry_client] = lambda: client
        yield client
    registry_app.dependency_overrides.clear()


@pytest.fixture
def client(session: Session, registry: ServiceClient) -> Iterator[TestClient]:
    app.dependency_overrides[deps.get_session] = session_override(session)
    with TestClient(app) as client:
        yield client
    app.dependency_overrides.clear()
