"""Fixtures and helpers of the public tip tests (imported by each test_public_* module)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from eldersafe_common import clock
from eldersafe_inspection.main import app
from eldersafe_inspection.photos.storage import LocalPhotoStorage, get_photo_storage
from eldersafe_inspection.targets.models import InspectionTarget
from eldersafe_inspection.tipoffs.tips.models import Tip
from tests.conftest import COMMUNITY

PUBLIC = "/api/inspection/public"
TIPS = f"{PUBLIC}/tips"
DESCRIPTION = "院内消防通道被杂物堵塞，灭火器已过期，夜间无人值守。"


@pytest.fixture
def storage(tmp_path: Path, client: TestClient) -> Iterator[LocalPhotoStorage]:
    """Photos go to the test's own folder (the client fixture clears the override afterwards)."""
    local = LocalPhotoStorage(tmp_path / "photos")
    app.dependency_overrides[get_photo_storage] = lambda: local
    yield local


def add_target(session: Session, *, name: str = "幸福养老院", address: str = "和平路 12 号",
               area: str = COMMUNITY, status: str = "operating") -> str:
    facility_id = str(uuid.uuid4())
    session.add(InspectionTarget(facility_id=facility_id, name=name, address=address, area_code=area,
                                 ownership="private", licensed_beds=50, residents_count=40, status=status,
                                 updated_at=clock.now()))
    session.flush()
    return facility_id


@pytest.fixture
def facility(session: Session) -> str:
    return add_target(session)


def form(**fields: Any) -> dict[str, str]:
    data = {"category": "fire", "description": DESCRIPTION}
    data.update({key: str(value) for key, value in fields.items() if value is not None})
    return data


def submit(client: TestClient, files: list[tuple[str, tuple[str, bytes, str]]] | None = None,
           headers: dict[str, str] | None = None, **fields: Any) -> Any:
    return client.post(TIPS, data=form(**fields), files=files or None, headers=headers)


def tip_by_number(session: Session, number: str) -> Tip:
    tip = session.exec(select(Tip).where(Tip.number == number)).one()
    session.refresh(tip)
    return tip


def count_tips(session: Session) -> int:
    return len(session.exec(select(Tip.id)).all())
