from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_rectification import deps
from eldersafe_rectification.main import app
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
