"""The database checks ``version`` on every UPDATE of an optimistic model; a stale one answers 409 problem+json,
whether it surfaces at a flush inside the route or at the commit after it, and a consumer retries it."""

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, ClassVar

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import registry
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Field, Session, SQLModel

from eldersafe_common.app import create_service_app
from eldersafe_common.db import make_engine, optimistic, session_dependency, transaction, version_column
from eldersafe_common.errors import PROBLEM_JSON
from eldersafe_common.events import Consumer, EventsBase, EventType, ReceivedEvent, publish

_registry = registry()
_VERSION = version_column()


class _Base(SQLModel, registry=_registry):
    pass


class Ward(_Base, table=True):
    __tablename__ = "optimistic_ward"
    __mapper_args__: ClassVar[dict[str, Any]] = optimistic(_VERSION)

    id: int = Field(primary_key=True)
    name: str = Field(max_length=40)
    version: int = Field(default=1, sa_column=_VERSION)


def _edit_meanwhile(session: Session, ward_id: int) -> None:
    # Someone else's edit committed after our read: the row's version moved, our loaded copy did not.
    session.execute(text("UPDATE optimistic_ward SET version = version + 1 WHERE id = :id"), {"id": ward_id})


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'optimistic.db'}")
    _Base.metadata.create_all(engine)
    with transaction(engine) as session:
        session.add(Ward(id=1, name="东区"))
    yield engine
    engine.dispose()


def test_the_column_maps_as_the_version_counter() -> None:
    mapper = Ward.__mapper__  # type: ignore[attr-defined]
    assert mapper.version_id_col is Ward.__table__.c.version  # type: ignore[attr-defined]
    assert mapper.version_id_generator is False
    assert Ward.__table__.c.version.nullable is False  # type: ignore[attr-defined]
    assert version_column() is not version_column()  # one Column object per table


def test_an_update_carries_the_loaded_version(engine: Engine) -> None:
    with pytest.raises(StaleDataError), transaction(engine) as session:
        ward = session.get(Ward, 1)
        assert ward is not None
        _edit_meanwhile(session, 1)
        ward.name, ward.version = "西区", ward.version + 1
        session.flush()
    with transaction(engine, readonly=True) as session:
        ward = session.get(Ward, 1)
        assert ward is not None and (ward.name, ward.version) == ("东区", 1)


def test_a_write_without_a_bump_is_still_checked_and_keeps_the_number(engine: Engine) -> None:
    with transaction(engine) as session:
        ward = session.get(Ward, 1)
        assert ward is not None
        ward.name = "南区"
    with transaction(engine, readonly=True) as session:
        ward = session.get(Ward, 1)
        assert ward is not None and (ward.name, ward.version) == ("南区", 1)
    with pytest.raises(StaleDataError), transaction(engine) as session:
        ward = session.get(Ward, 1)
        assert ward is not None
        _edit_meanwhile(session, 1)
        ward.name = "北区"
        session.flush()


def _app(engine: Engine) -> FastAPI:
    app = create_service_app(name="t", title="t", get_engine=lambda: engine)
    # Resolved at definition (no postponed annotations in this module): the route's own engine.
    session_dep = Annotated[Session, Depends(session_dependency(lambda: engine), scope="function")]

    @app.put("/wards/{ward_id}")
    def rename(ward_id: int, name: str, session: session_dep, flush: bool = True) -> dict[str, int]:
        ward = session.get(Ward, ward_id)
        assert ward is not None
        _edit_meanwhile(session, ward_id)
        ward.name, ward.version = name, ward.version + 1
        if flush:
            session.flush()
        return {"version": ward.version}

    return app


@pytest.mark.parametrize("flush", [True, False], ids=["at-flush", "at-commit"])
def test_a_stale_update_answers_409_version_conflict(engine: Engine, flush: bool) -> None:
    with TestClient(_app(engine), raise_server_exceptions=False) as client:
        response = client.put("/wards/1", params={"name": "西区", "flush": flush})
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert (body["code"], body["status"], body["instance"]) == ("version_conflict", 409, "/wards/1")
    with transaction(engine, readonly=True) as session:
        ward = session.get(Ward, 1)
        assert ward is not None and ward.name == "东区"


class Renamed(BaseModel):
    name: str


RENAMED = EventType("optimistic_ward.renamed", 1, Renamed)


def test_a_consumer_holds_a_stale_event_back_and_retries_it(engine: Engine) -> None:
    attempts: list[str] = []

    def handler(session: Session, event: ReceivedEvent) -> None:
        ward = session.get(Ward, 1)
        assert ward is not None
        if not attempts:
            _edit_meanwhile(session, 1)  # only the first attempt meets a concurrent edit
        attempts.append(event.parse(Renamed).name)
        ward.name, ward.version = event.parse(Renamed).name, ward.version + 1
        session.flush()

    EventsBase.metadata.create_all(engine)
    with transaction(engine) as session:
        publish(session, RENAMED, subject="ward:1", payload=Renamed(name="西区"), producer="test")
    consumer = Consumer("optimistic-test", {RENAMED.name: handler})
    assert consumer.run_once(engine) == 0  # rolled back and held, not crashed
    assert consumer.run_once(engine) == 1
    assert attempts == ["西区", "西区"]
    with transaction(engine, readonly=True) as session:
        ward = session.get(Ward, 1)
        assert ward is not None and (ward.name, ward.version) == ("西区", 2)
