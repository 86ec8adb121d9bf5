"""Case numbers under concurrency, with real transactions (SQLite and PostgreSQL alike)."""

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlmodel import delete

from eldersafe_common.db import transaction
from eldersafe_inspection import deps
from eldersafe_inspection.tipoffs.tips import numbering
from eldersafe_inspection.tipoffs.tips.numbering import TipCounter

# A year no other test uses, so that the counter row can be removed afterwards.
YEAR = 2091
WORKERS = 8
EACH = 5


@pytest.fixture
def clean_year(migrated: str) -> Iterator[None]:
    yield
    with transaction(deps.get_engine()) as session:
        session.exec(delete(TipCounter).where(TipCounter.year == YEAR))  # type: ignore[call-overload]


def test_concurrent_intakes_never_share_a_number(clean_year: None) -> None:
    start = threading.Barrier(WORKERS)
    taken: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            start.wait()
            for _ in range(EACH):
                # The first round races on inserting the year's row, the later ones on its row lock.
                with transaction(deps.get_engine()) as session:
                    value = numbering.next_sequence(session, year=YEAR)
                with lock:
                    taken.append(value)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(taken) == list(range(1, WORKERS * EACH + 1))


def test_the_number_is_the_districts_year(clean_year: None) -> None:
    with transaction(deps.get_engine()) as session:
        # 31 December 2090, 16:30 UTC is already 1 January 2091 in China.
        number = numbering.next_number(session, now=datetime(2090, 12, 31, 16, 30, tzinfo=UTC))
    assert number == "JB-2091-000001"
