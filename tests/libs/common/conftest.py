from collections.abc import Iterator

import pytest
from sqlalchemy import delete
from sqlalchemy.engine import Engine

from eldersafe_common.db import make_engine, transaction
from eldersafe_common.events import EventConsumption, EventCursor, EventRecord


@pytest.fixture
def engine(migrated: str) -> Iterator[Engine]:
    """An engine on the run's database whose committed events are wiped after the test."""
    engine = make_engine(migrated, schema="events")
    yield engine
    with transaction(engine) as session:
        for table in (EventConsumption, EventCursor, EventRecord):
            session.execute(delete(table))
    engine.dispose()
