"""A tip's triage meets a newer version: 409 ``version_conflict`` for a stale version the client sent, for an
edit committed between the request's read and its write (only the database's check sees that one), and on
PostgreSQL for two sessions that both loaded the tip."""

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
from eldersafe_inspection import deps
from eldersafe_inspection.tipoffs.tips import repository
from eldersafe_inspection.tipoffs.tips.models import Tip
from tests.conftest import DISTRICT
from tests.support.optimistic import edited_meanwhile, second_writer_is_stale

from .triage_support import TIPS, events_of, make_tip


def _close(client: TestClient, auth: Any, tip_id: str, version: int) -> Any:
    return client.post(f"{TIPS}/{tip_id}/close", json={"reason": "举报内容与养老机构无关", "version": version},
                       headers=auth("civil_affairs", "staff"))


def test_a_stale_version_answers_409(session: Session, client: TestClient, auth: Any) -> None:
    tip = make_tip(session)
    assert _close(client, auth, tip.id, 1).status_code == 200
    response = _close(client, auth, tip.id, 1)
    assert (response.status_code, response.json()["code"]) == (409, "version_conflict")


def test_an_edit_committed_after_the_read_answers_409(session: Session, client: TestClient, auth: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    tip = make_tip(session)
    bumped = edited_meanwhile(monkeypatch, repository, "get_tip", "tip")
    response = _close(client, auth, tip.id, 1)
    assert bumped == [tip.id]
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "version_conflict"
    session.refresh(tip)
    assert (tip.status, tip.version) == ("received", 1)
    assert events_of(session, "tip.closed") == []


@pytest.fixture
def committed_tip(migrated: str) -> Iterator[tuple[Engine, str]]:
    """A received tip committed for real (two sessions must see it); removed afterwards."""
    engine = deps.get_engine()
    tip_id, now = str(uuid.uuid4()), clock.now()
    with Session(engine) as session:
        session.add(Tip(id=tip_id, number=f"JB-2026-{uuid.uuid4().int % 10**6:06d}", receipt_hash=uuid.uuid4().hex,
                        source="web", category="other", description="院里晚上经常没有护理员值班", area_code=DISTRICT,
                        location="青松街道", created_at=now, updated_at=now))
        session.commit()
    yield engine, tip_id
    with Session(engine) as session:
        session.exec(delete(Tip).where(col(Tip.id) == tip_id))  # type: ignore[call-overload]
        session.commit()


@pytest.mark.postgres_only
def test_the_second_of_two_concurrent_edits_is_stale(committed_tip: tuple[Engine, str]) -> None:
    engine, tip_id = committed_tip

    def change(tip: Any, who: str) -> None:
        tip.status, tip.closed_reason = "closed", who

    second_writer_is_stale(engine, Tip, tip_id, change)
    with Session(engine) as session:
        tip = session.get(Tip, tip_id)
        assert tip is not None and tip.closed_reason == "first"
