from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.engine import Engine

from eldersafe_notification import deps
from eldersafe_notification.settings import get_settings

from .support import wipe


@pytest.fixture
def engine(migrated: str) -> Iterator[Engine]:
    """The test database, emptied of deliveries before and after (the dispatcher commits for real)."""
    engine = deps.get_engine()
    wipe(engine)
    yield engine
    wipe(engine)


@pytest.fixture
def configure(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """``configure(NOTIFICATION_QUIET_START="23:00", ...)``: settings read through get_settings() for one test."""

    def apply(**env: str) -> None:
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()

    yield apply
    monkeypatch.undo()
    get_settings.cache_clear()
