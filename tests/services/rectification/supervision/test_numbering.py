"""Supervision order numbers under concurrency: issuers racing in separate transactions (real commits) never
share a number and leave no gap, including the race for the first number of a year."""

from __future__ import annotations

import threading
import time

from sqlalchemy import delete

from eldersafe_common.db import transaction
from eldersafe_rectification import deps
from eldersafe_rectification.supervision.models import SupervisionCounter
from eldersafe_rectification.supervision.repository import next_sequence

YEAR = 2099  # a year no other test numbers in: its counter row is removed afterwards
THREADS, EACH = 6, 4


def test_racing_issuers_take_distinct_consecutive_numbers(migrated: str) -> None:
    engine = deps.get_engine()
    start = threading.Barrier(THREADS)
    taken: list[int] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def issuer() -> None:
        try:
            start.wait()
            for _ in range(EACH):
                with transaction(engine) as session:
                    number = next_sequence(session, year=YEAR)
                    time.sleep(0.01)  # hold the transaction open: the others must queue, not read a stale value
                with lock:
                    taken.append(number)
        except BaseException as exc:  # reported below, with the thread's own error
            failures.append(exc)

    threads = [threading.Thread(target=issuer) for _ in range(THREADS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert failures == []
        assert sorted(taken) == list(range(1, THREADS * EACH + 1))
    finally:
        with transaction(engine) as session:
            session.execute(delete(SupervisionCounter).where(SupervisionCounter.year == YEAR))  # type: ignore[arg-type]
