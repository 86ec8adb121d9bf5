"""A hazard edit meets a newer version: 409 ``version_conflict`` for a stale version the client sent, for an edit
committed between the request's read and its write (only the database's check sees that one), and on
PostgreSQL for two sessions that both loaded the hazard."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from eldersafe_common import clock
from eldersafe_rectification import deps
from eldersafe_rectification.ledger import repository
from eldersafe_rectification.ledger.models import Hazard
from tests.conftest import COMMUNITY
from tests.support.optimistic import edited_meanwhile, second_writer_is_stale

from .support import new_hazard

URL = "/api/rectification/hazards"


def _patch(client: TestClient, auth: Any, hazard_id: str, version: int, measures: str = "加装喷淋") -> Any:
    return client.patch(f"{URL}/{hazard_id}", json={"measures": measures, "version": version},
                        headers=auth("fire", "staff"))


def test_a_stale_version_answers_409(session: Session, client: TestClient, auth: Any) -> None:
    hazard = new_hazard(session)
    session.commit()
    loaded = hazard.version
    first = _patch(client, auth, hazard.id, loaded)
    assert first.status_code == 200 and first.json()["version"] == loaded + 1
    response = _patch(client, auth, hazard.id, loaded, measures="另一个方案")
    assert (response.status_code, response.json()["code"]) == (409, "version_conflict")


def test_an_edit_committed_after_the_read_answers_409(session: Session, client: TestClient, auth: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    hazard = new_hazard(session)
    session.commit()
    loaded, measures = hazard.version, hazard.measures
    bumped = edited_meanwhile(monkeypatch, repository, "get_hazard", "hazard")
    response = _patch(client, auth, hazard.id, loaded)
    assert bumped == [hazard.id]
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "version_conflict"
    session.refresh(hazard)
    assert (hazard.measures, hazard.version) == (measures, loaded)


@pytest.fixture
def committed_hazard(migrated: str) -> Iterator[tuple[Engine, str]]:
    """An open hazard committed for real (two sessions must see it); removed afterwards."""
    engine = deps.get_engine()
    hazard_id, now = str(uuid.uuid4()), clock.now()
    with Session(engine) as session:
        session.add(Hazard(
            id=hazard_id, hazard_key=f"key-{hazard_id}", inspection_id=str(uuid.uuid4()), campaign_id=str(uuid.uuid4()),
            facility_id=str(uuid.uuid4()), area_code=COMMUNITY, departments=["fire"], item_code="XF-01",
            item_text="疏散通道畅通", basis="GB 38600-2019 第7.3条", category="fire", severity="major",
            description="疏散通道堵塞", deadline=(now + timedelta(days=7)).date(), state="open", found_at=now,
            created_at=now, updated_at=now))
        session.commit()
    yield engine, hazard_id
    with Session(engine) as session:
        session.exec(delete(Hazard).where(col(Hazard.id) == hazard_id))  # type: ignore[call-overload]
        session.commit()


@pytest.mark.postgres_only
def test_the_second_of_two_concurrent_edits_is_stale(committed_hazard: tuple[Engine, str]) -> None:
    engine, hazard_id = committed_hazard

    def change(hazard: Any, who: str) -> None:
        hazard.measures = f"{who}: 清理通道"

    second_writer_is_stale(engine, Hazard, hazard_id, change)
    with Session(engine) as session:
        hazard = session.get(Hazard, hazard_id)
        assert hazard is not None and hazard.measures == "first: 清理通道"
