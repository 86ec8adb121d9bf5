"""Two proposals for the same facility at once: the second waits for the first and then sees its reward."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from eldersafe_common.auth import Position, Principal, Role
from eldersafe_common.errors import Conflict
from eldersafe_common.events import EventRecord
from eldersafe_inspection import deps
from eldersafe_inspection.tipoffs.rewards import service
from eldersafe_inspection.tipoffs.rewards.schemas import RewardCreate
from eldersafe_inspection.tipoffs.tips.models import Tip, TipHazard
from eldersafe_inspection.tipoffs.tips.reward_models import TipReward
from tests.conftest import DISTRICT

from .helpers import T0, make_tip

FIRE = Principal(subject="fire-a", name="甲", role=Role.fire, position=Position.staff, area=DISTRICT,
                 department="fire")
BODY = RewardCreate(basis="major_hazard", fine_fen=10_000_000)
FACILITY = "0000000c-0000-4000-8000-0000000000c3"


@pytest.fixture
def two_tips(migrated: str) -> Iterator[tuple[Engine, str, str]]:
    """Two verified tips on one facility, committed for real (the two transactions must see them)."""
    engine = deps.get_engine()
    with Session(engine) as session:
        earlier = make_tip(session, facility_id=FACILITY, created_at=T0).id
        later = make_tip(session, facility_id=FACILITY, created_at=T0 + timedelta(hours=1)).id
    yield engine, earlier, later
    with Session(engine) as session:
        rewards = list(session.exec(TipReward.__table__.select().where(  # type: ignore[attr-defined]
            col(TipReward.tip_id).in_([earlier, later]))))
        session.exec(delete(EventRecord).where(col(EventRecord.subject).in_(  # type: ignore[call-overload]
            [f"reward:{row.id}" for row in rewards])))
        session.exec(delete(TipReward).where(col(TipReward.tip_id).in_([earlier, later])))  # type: ignore[call-overload]
        session.exec(delete(TipHazard).where(col(TipHazard.tip_id).in_([earlier, later])))  # type: ignore[call-overload]
        session.exec(delete(Tip).where(col(Tip.id).in_([earlier, later])))  # type: ignore[call-overload]
        session.commit()


@pytest.mark.postgres_only
def test_the_later_proposal_waits_and_is_refused(two_tips: tuple[Engine, str, str]) -> None:
    engine, earlier, later = two_tips
    outcome: list[BaseException | str] = []

    def second() -> None:
        with Session(engine) as session:
            try:
                outcome.append(service.propose(session, principal=FIRE, tip_id=later, data=BODY).id)
                session.commit()
            except Conflict as exc:
                outcome.append(exc)

    with Session(engine) as first:
        service.propose(first, principal=FIRE, tip_id=earlier, data=BODY)  # holds the facility's tips
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)
        assert thread.is_alive() and not outcome  # waiting on the row locks, not racing past them
        first.commit()
    thread.join(timeout=10)
    assert len(outcome) == 1 and isinstance(outcome[0], Conflict)
    assert outcome[0].reason == "not_first_reporter"
