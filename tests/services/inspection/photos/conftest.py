from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_inspection.main import app
from eldersafe_inspection.photos.storage import LocalPhotoStorage, get_photo_storage

from ..inspections.helpers import World, build_world


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


@pytest.fixture
def storage(tmp_path: Path, client: TestClient) -> Iterator[LocalPhotoStorage]:
    """Photos go to the test's own folder (the client fixture clears the override afterwards)."""
    local = LocalPhotoStorage(tmp_path / "photos")
    app.dependency_overrides[get_photo_storage] = lambda: local
    yield local
