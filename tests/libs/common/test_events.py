"""The event log's promises: atomic with the change, once per consumer, ordered per subject, no late skips."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from eldersafe_common import clock
from eldersafe_common.db import transaction
from eldersafe_common.events import (
    Consumer,
    EventConsumption,
    EventCursor,
    EventRecord,
    EventType,
    ReceivedEvent,
    publish,
    run_consumers,
)


class Noted(BaseModel):
    n: int


NOTED = EventType("thing.noted", 1, Noted)


def _publish(engine: Engine, n: int, subject: str = "thing:1") -> int:
    with transaction(engine) as session:
        record = publish(session, NOTED, subject=subject, payload=Noted(n=n), producer="test")
        assert record.id is not None
        return record.id


class Recorder:
    """A handler that records what it saw, and can be told to fail on some values."""

    def __init__(self, fail_on: set[int] | None = None):
        self.seen: list[int] = []
        self.fail_on = fail_on or set()

    def __call__(self, session: Session, event: ReceivedEvent) -> None:
        n = event.parse(Noted).n
        if n in self.fail_on:
            raise RuntimeError(f"cannot handle {n}")
        self.seen.append(n)


def test_event_commits_with_the_change_or_not_at_all(engine: Engine) -> None:
    with pytest.raises(RuntimeError), transaction(engine) as session:
        publish(session, NOTED, subject="thing:1", payload=Noted(n=1), producer="test")
        raise RuntimeError("the change failed")
    with transaction(engine, readonly=True) as session:
        assert session.exec(select(func.count()).select_from(EventRecord)).one() == 0
    _publish(engine, 2)
    with transaction(engine, readonly=True) as session:
        stored = session.exec(select(EventRecord)).one()
        assert (stored.type, stored.version, stored.payload) == ("thing.noted", 1, {"n": 2})


def test_publish_checks_the_payload_model(engine: Engine) -> None:
    class Other(BaseModel):
        x: int

    with pytest.raises(TypeError), transaction(engine) as session:
        publish(session, NOTED, subject="thing:1", payload=Other(x=1), producer="test")  # type: ignore[arg-type]


def test_each_event_is_handled_once_even_when_run_again(engine: Engine) -> None:
    for n in range(3):
        _publish(engine, n)
    recorder = Recorder()
    consumer = Consumer("test.once", {"thing.noted": recorder})
    assert consumer.run_once(engine) == 3
    assert consumer.run_once(engine) == 0
    # A restarted worker is a new Consumer object: state lives in the database.
    assert Consumer("test.once", {"thing.noted": recorder}).run_once(engine) == 0
    assert recorder.seen == [0, 1, 2]


def test_consumers_are_independent(engine: Engine) -> None:
    _publish(engine, 7)
    first, second = Recorder(), Recorder()
    Consumer("test.a", {"thing.noted": first}).run_once(engine)
    Consumer("test.b", {"thing.noted": second}).run_once(engine)
    assert first.seen == second.seen == [7]


def test_handler_work_and_consumption_roll_back_together(engine: Engine) -> None:
    _publish(engine, 1)

    def writes_then_fails(session: Session, event: ReceivedEvent) -> None:
        session.add(EventCursor(consumer="side-effect", watermark=99, updated_at=clock.wall_now()))
        session.flush()
        raise RuntimeError("boom")

    Consumer("test.atomic", {"thing.noted": writes_then_fails}).run_once(engine)
    with transaction(engine, readonly=True) as session:
        assert session.get(EventCursor, "side-effect") is None
        assert session.exec(select(func.count()).select_from(EventConsumption)).one() == 0


def test_a_failed_subject_is_held_back_but_others_go_on(engine: Engine) -> None:
    _publish(engine, 1, subject="thing:a")
    _publish(engine, 2, subject="thing:a")
    _publish(engine, 3, subject="thing:b")
    recorder = Recorder(fail_on={1})
    consumer = Consumer("test.order", {"thing.noted": recorder})
    consumer.run_once(engine)
    assert recorder.seen == [3]  # 2 waits for 1, so thing:a keeps its order
    recorder.fail_on.clear()
    consumer.run_once(engine)
    assert recorder.seen == [3, 1, 2]


def test_unhandled_types_are_ignored(engine: Engine) -> None:
    _publish(engine, 1)
    recorder = Recorder()
    assert Consumer("test.other", {"other.happened": recorder}).run_once(engine) == 0


def test_an_event_that_commits_late_is_not_skipped(engine: Engine) -> None:
    """An id handed out earlier but committed after a later one is still delivered.

    On SQLite writers are serialised, so the late commit is staged by inserting a lower id afterwards;
    the PostgreSQL test below does it with two real concurrent transactions.
    """
    later = _publish(engine, 2)
    recorder = Recorder()
    consumer = Consumer("test.late", {"thing.noted": recorder})
    consumer.run_once(engine)
    with transaction(engine) as session:
        now = clock.wall_now()
        session.add(EventRecord(id=later - 1 if later > 1 else None, type="thing.noted", version=1,
                                subject="thing:9", producer="test", payload={"n": 1},
                                occurred_at=now, recorded_at=now))
    if later > 1:
        consumer.run_once(engine)
        assert recorder.seen == [2, 1]


def test_watermark_passes_only_settled_and_handled_events(engine: Engine) -> None:
    for n in range(1, 4):
        _publish(engine, n)
    clock_now = clock.wall_now()
    recorder = Recorder(fail_on={2})
    consumer = Consumer("test.mark", {"thing.noted": recorder}, grace=timedelta(minutes=5),
                        clock=lambda: clock_now)
    consumer.run_once(engine)
    with transaction(engine, readonly=True) as session:
        assert session.get(EventCursor, "test.mark") is None  # nothing is older than the grace yet

    clock_now += timedelta(minutes=6)
    consumer.run_once(engine)
    with transaction(engine, readonly=True) as session:
        first = session.exec(select(func.min(EventRecord.id))).one()
        cursor = session.get(EventCursor, "test.mark")
        assert cursor is not None and cursor.watermark == first  # stops before the failing event

    recorder.fail_on.clear()
    consumer.run_once(engine)
    with transaction(engine, readonly=True) as session:
        last = session.exec(select(func.max(EventRecord.id))).one()
        cursor = session.get(EventCursor, "test.mark")
        assert cursor is not None and cursor.watermark == last
    assert recorder.seen == [1, 2, 3]  # one subject: 3 waited for 2


def test_two_replicas_never_handle_an_event_twice(engine: Engine) -> None:
    for n in range(40):
        _publish(engine, n, subject=f"thing:{n}")
    seen: list[int] = []
    lock = threading.Lock()

    def handler(session: Session, event: ReceivedEvent) -> None:
        with lock:
            seen.append(event.parse(Noted).n)

    stop = threading.Event()
    replicas = [
        threading.Thread(target=run_consumers, args=(engine, [Consumer("test.replicas", {"thing.noted": handler})]),
                         kwargs={"stop": stop, "interval": 0.01})
        for _ in range(2)
    ]
    for thread in replicas:
        thread.start()
    deadline = clock.wall_now() + timedelta(seconds=20)
    while clock.wall_now() < deadline:
        with transaction(engine, readonly=True) as session:
            done = session.exec(
                select(func.count()).select_from(EventConsumption).where(EventConsumption.consumer == "test.replicas")
            ).one()
        if done == 40:
            break
        stop.wait(0.05)
    stop.set()
    for thread in replicas:
        thread.join()
    # A replica that loses the race rolls back its handler's work, so each value is kept exactly once
    # in the database; the in-memory list may see a loser's attempt, so compare consumption rows.
    with transaction(engine, readonly=True) as session:
        assert session.exec(
            select(func.count()).select_from(EventConsumption).where(EventConsumption.consumer == "test.replicas")
        ).one() == 40
    assert set(seen) == set(range(40))


@pytest.mark.postgres_only
def test_concurrent_writers_committing_out_of_order(engine: Engine) -> None:
    """Writer A takes an id first but commits after writer B: the consumer still gets both."""
    recorder = Recorder()
    consumer = Consumer("test.concurrent", {"thing.noted": recorder})
    with Session(engine) as slow:
        publish(slow, NOTED, subject="thing:slow", payload=Noted(n=1), producer="test")  # id N, uncommitted
        _publish(engine, 2, subject="thing:fast")  # id N+1, committed
        consumer.run_once(engine)
        assert recorder.seen == [2]
        slow.commit()
    consumer.run_once(engine)
    assert recorder.seen == [2, 1]
    with transaction(engine, readonly=True) as session:
        ids = session.exec(select(EventRecord.id).order_by(text("id"))).all()
    assert len(ids) == 2 and ids[0] < ids[1]
