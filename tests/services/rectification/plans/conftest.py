"""Plans and relocation tests: the rectification app and the real registry app share one rolled-back transaction.

The registry answers the relocation page's roster calls in-process (a transport into its ASGI app), and both
services' tables are on one connection (both PostgreSQL schemas on the search path; one file on SQLite), so that
what a test puts in the registry is what the rectification service reads over HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from eldersafe_common.db import make_engine
from eldersafe_common.http import AppTransport, ServiceClient
from eldersafe_rectification import deps
from eldersafe_rectification.main import app
from eldersafe_registry import deps as registry_deps
from eldersafe_registry.main import app as registry_app
from eldersafe_registry.seed import load_district, seed
from tests.conftest import TEST_DATABASE_URL
from tests.support.db import rollback_session, session_override


@lru_cache
def shared_engine() -> Engine:
    return make_engine(TEST_DATABASE_URL, schema="rectification,registry")


@pytest.fixture
def session(migrated: str) -> Iterator[Session]:
    with rollback_session(shared_engine()) as session:
        yield session


@pytest.fixture
def registry(session: Session) -> Iterator[ServiceClient]:
    """The registry app on the test's transaction, with the demo areas, as the rectification app's registry."""
    seed(session, {**load_district(), "facilities": []})
    session.commit()
    registry_app.dependency_overrides[registry_deps.get_session] = session_override(session)
    with TestClient(registry_app) as registry_client:
        client = ServiceClient("http://registry", transport=AppTransport(registry_client))
        app.dependency_overrides[deps.get_registry_client] = lambda: client
        yield client
    app.dependency_overrides.pop(deps.get_registry_client, None)
    registry_app.dependency_overrides.clear()


@pytest.fixture
def registry_down() -> Iterator[None]:
    """A registry that refuses every connection."""

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = ServiceClient("http://registry", transport=httpx.MockTransport(refuse))
    app.dependency_overrides[deps.get_registry_client] = lambda: client
    yield
    app.dependency_overrides.pop(deps.get_registry_client, None)
