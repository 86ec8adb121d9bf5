"""Two triagers act on the same tip at once: the second waits for the first's row lock, then finds its version
stale (409) instead of overwriting the first decision."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from eldersafe_common import clock
from eldersafe_common.auth import Position, Principal, Role
from eldersafe_common.errors import Conflict
from eldersafe_common.events import EventRecord
from eldersafe_inspection import deps
from eldersafe_inspection.tipoffs.tips import service
from eldersafe_inspection.tipoffs.tips.models import Tip
from eldersafe_inspection.tipoffs.tips.schemas import TipClose
from tests.conftest import DISTRICT

TRIAGER_A = Principal(subject="civil-a", name="甲", role=Role.civil_affairs, position=Position.staff, area=DISTRICT,
                      department="civil_affairs")
TRIAGER_B = Principal(subject="civil-b", name="乙", role=Role.civil_affairs, position=Position.head, area=DISTRICT,
                      department="civil_affairs")


@pytest.fixture
def committed_tip(migrated: str) -> Iterator[tuple[Engine, str]]:
    """A received tip committed for real (both transactions must see it); removed with its events afterwards."""
    engine = deps.get_engine()
    tip_id, now = str(uuid.uuid4()), clock.now()
    with Session(engine) as session:
        session.add(Tip(id=tip_id, number=f"JB-2026-{uuid.uuid4().int % 10**6:06d}", receipt_hash=uuid.uuid4().hex,
                        source="web", category="other", description="院里晚上经常没有护理员值班", area_code=DISTRICT,
                        location="青松街道", created_at=now, updated_at=now))
        session.commit()
    yield engine, tip_id
    with Session(engine) as session:
        session.exec(delete(EventRecord).where(col(EventRecord.subject) == f"tip:{tip_id}"))  # type: ignore[call-overload]
        session.exec(delete(Tip).where(col(Tip.id) == tip_id))  # type: ignore[call-overload]
        session.commit()


@pytest.mark.postgres_only
def test_the_second_close_waits_and_finds_its_version_stale(committed_tip: tuple[Engine, str]) -> None:
    engine, tip_id = committed_tip
    outcome: list[BaseException | str] = []

    def second() -> None:
        with Session(engine) as session:
            try:
                data = TipClose(reason="乙：信息不足，无法核查", version=1)
                outcome.append(service.close(session, principal=TRIAGER_B, tip_id=tip_id, data=data).status)
                session.commit()
            except Conflict as exc:
                outcome.append(exc)

    with Session(engine) as first:
        service.close(first, principal=TRIAGER_A, tip_id=tip_id,
                      data=TipClose(reason="甲：所述地点不是养老机构", version=1))
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)
        assert thread.is_alive() and not outcome  # waiting on the row lock, not racing past it
        first.commit()
    thread.join(timeout=10)
    assert len(outcome) == 1 and isinstance(outcome[0], Conflict) and outcome[0].code == "version_conflict"
    with Session(engine) as session:
        tip = session.get(Tip, tip_id)
        assert tip is not None and (tip.closed_reason, tip.version) == ("甲：所述地点不是养老机构", 2)
        closed = session.exec(select(EventRecord).where(EventRecord.subject == f"tip:{tip_id}",
                                                        EventRecord.type == "tip.closed")).all()
        assert len(closed) == 1
