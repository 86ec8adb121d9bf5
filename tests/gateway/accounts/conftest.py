"""Account administration asks the registry whether areas and facilities exist: the real registry app answers
in-process (a transport into its ASGI app). Both apps share the test's one rolled-back transaction (both PostgreSQL
schemas on the search path; one file on SQLite), seeded with the demo district's areas and its first facility (the
demo facility manager's)."""

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
from eldersafe_gateway import deps
from eldersafe_gateway.main import GatewayApp
from eldersafe_registry import deps as registry_deps
from eldersafe_registry.main import app as registry_app
from eldersafe_registry.seed import load_district, seed
from tests.conftest import TEST_DATABASE_URL
from tests.support.db import rollback_session, session_override


@lru_cache
def shared_engine() -> Engine:
    return make_engine(TEST_DATABASE_URL, schema="gateway,registry")


@pytest.fixture
def session(migrated: str) -> Iterator[Session]:
    with rollback_session(shared_engine()) as session:
        yield session


@pytest.fixture(autouse=True)
def registry(gateway: GatewayApp, session: Session) -> Iterator[ServiceClient]:
    """The registry the gateway asks, with the demo areas and the demo facility manager's facility."""
    district = load_district()
    seed(session, {**district, "facilities": district["facilities"][:1]})
    session.commit()
    registry_app.dependency_overrides[registry_deps.get_session] = session_override(session)
    with TestClient(registry_app) as registry_client:
        client = ServiceClient("http://registry", transport=AppTransport(registry_client))
        gateway.api.dependency_overrides[deps.get_registry] = lambda: client
        yield client
    registry_app.dependency_overrides.clear()


@pytest.fixture
def registry_down(gateway: GatewayApp) -> None:
    """A registry that refuses every connection."""

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = ServiceClient("http://registry", transport=httpx.MockTransport(refuse))
    gateway.api.dependency_overrides[deps.get_registry] = lambda: client
