"""A facility edit meets a newer version: 409 ``version_conflict`` for a stale version the client sent, for an
edit committed between the request's read and its write (only the database's check sees that one), and on
PostgreSQL for two sessions that both loaded the row."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from eldersafe_common import clock
from eldersafe_registry import deps
from eldersafe_registry.facilities import repository
from eldersafe_registry.models import Area, Facility
from tests.services.registry.helpers import World, make_uscc
from tests.support.optimistic import edited_meanwhile, second_writer_is_stale

URL = "/api/registry/facilities"


def test_a_stale_version_answers_409(client: TestClient, world: World, civil: dict[str, str]) -> None:
    first = client.patch(f"{URL}/{world.own.id}", headers=civil, json={"manager": "新负责人", "version": 1})
    assert first.status_code == 200 and first.json()["version"] == 2
    response = client.patch(f"{URL}/{world.own.id}", headers=civil, json={"manager": "又一个", "version": 1})
    assert (response.status_code, response.json()["code"]) == (409, "version_conflict")


def test_an_edit_committed_after_the_read_answers_409(client: TestClient, session: Session, world: World,
                                                      civil: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    bumped = edited_meanwhile(monkeypatch, repository, "get_facility", "facility")
    response = client.patch(f"{URL}/{world.own.id}", headers=civil, json={"manager": "新负责人", "version": 1})
    assert bumped == [world.own.id]
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "version_conflict"
    monkeypatch.undo()
    after = client.get(f"{URL}/{world.own.id}", headers=civil).json()
    assert after["manager"] != "新负责人" and after["version"] == 1


@pytest.fixture
def committed_facility(migrated: str) -> Iterator[tuple[Engine, str]]:
    """A facility and its areas committed for real (two sessions must see them); removed afterwards."""
    engine = deps.get_engine()
    facility_id, now = str(uuid.uuid4()), clock.now()
    sub, community = f"r3{uuid.uuid4().hex[:10]}", f"r3{uuid.uuid4().hex[:10]}"
    with Session(engine) as session:
        session.add(Area(code=sub, name_zh="乐观街道", level="subdistrict"))
        session.add(Area(code=community, name_zh="乐观社区", level="community", parent_code=sub))
        session.flush()
        session.add(Facility(id=facility_id, name="乐观颐养院", uscc=make_uscc(), ownership="private",
                             address="乐观路1号", subdistrict_code=sub, community_code=community,
                             area_code=community, legal_representative="张三", legal_representative_phone="13900000000",
                             manager="李四", manager_phone="13900000001", licensed_beds=20, status="operating",
                             created_at=now, updated_at=now))
        session.commit()
    yield engine, facility_id
    with Session(engine) as session:
        session.exec(delete(Facility).where(col(Facility.id) == facility_id))  # type: ignore[call-overload]
        session.exec(delete(Area).where(col(Area.code) == community))  # type: ignore[call-overload]
        session.exec(delete(Area).where(col(Area.code) == sub))  # type: ignore[call-overload]
        session.commit()


@pytest.mark.postgres_only
def test_the_second_of_two_concurrent_edits_is_stale(committed_facility: tuple[Engine, str]) -> None:
    engine, facility_id = committed_facility

    def change(facility: Any, who: str) -> None:
        facility.manager = who

    second_writer_is_stale(engine, Facility, facility_id, change)
    with Session(engine) as session:
        facility = session.get(Facility, facility_id)
        assert facility is not None and facility.manager == "first"
