"""``python -m eldersafe_notification.worker``: the event consumers, the escalation scheduler (APScheduler 3)
and whatever else ``STARTERS`` lists, all bound to the worker's stop event."""

import threading
from collections.abc import Callable

from eldersafe_common.worker import run_worker

from .consumers import consumers
from .deps import get_engine
from .dispatch.dispatcher import start_dispatcher
from .scheduler import start_scheduler


def _scheduler(stop: threading.Event) -> None:
    start_scheduler(get_engine(), stop)


# Each starts its thread(s) and returns; each stops when the event is set.
STARTERS: list[Callable[[threading.Event], None]] = [_scheduler, start_dispatcher]


def on_start(stop: threading.Event) -> None:
    for start in STARTERS:
        start(stop)


def main() -> None:
    run_worker("notification", get_engine(), consumers(), on_start=on_start)


if __name__ == "__main__":
    main()
