"""Worker processes: event consumers (and, where a service has one, its scheduler), never in a web process."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterable

from sqlalchemy.engine import Engine

from .events import Consumer, run_consumers

log = logging.getLogger("eldersafe.worker")


def run_worker(
    name: str,
    engine: Engine,
    consumers: Iterable[Consumer],
    *,
    on_start: Callable[[threading.Event], None] | None = None,
    interval: float = 0.25,
) -> None:
    """Run until SIGTERM/SIGINT; ``on_start`` may start a scheduler bound to the same stop event."""
    logging.basicConfig(level=logging.INFO, format=f"%(asctime)s {name} %(levelname)s %(name)s: %(message)s")
    stop = threading.Event()

    def _stop(signum: int, _frame: object) -> None:
        log.info("%s worker stopping (signal %s)", name, signum)
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    if on_start is not None:
        on_start(stop)
    consumers = list(consumers)
    log.info("%s worker started: consumers %s", name, ", ".join(c.name for c in consumers) or "none")
    run_consumers(engine, consumers, stop=stop, interval=interval)
    engine.dispose()
