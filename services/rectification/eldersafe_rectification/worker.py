"""``python -m eldersafe_rectification.worker``: the event consumers and the periodic checks (overdue hazards,
the monthly follow-up draw)."""

import logging
import threading
from collections.abc import Callable

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.db import transaction
from eldersafe_common.worker import run_worker

from . import hooks
from .consumers import consumers
from .deps import get_engine
from .followups.service import draw_monthly_samples
from .ledger.overdue import check_overdue

log = logging.getLogger("eldersafe.rectification.periodic")
PERIODIC_INTERVAL = 300.0


# (name, check, repeat while it did something): the overdue check works in batches of 500.
PERIODIC: tuple[tuple[str, Callable[[Session], int], bool], ...] = (
    ("overdue check", check_overdue, True),
    # Every tick; the first tick of a month draws, later ones find the month's row and do nothing.
    ("monthly follow-up draw", draw_monthly_samples, False),
)


def periodic_loop(stop: threading.Event, *, interval: float = PERIODIC_INTERVAL) -> None:
    """Run each periodic check every ``interval`` seconds until ``stop``; one failing never stops the others."""
    while not stop.is_set():
        for name, check, repeat in PERIODIC:
            try:
                while True:
                    with transaction(get_engine()) as session:
                        if check(session) == 0 or not repeat:
                            break
            except Exception:
                # Another replica drawing the same month loses on the primary key: logged, retried next tick.
                log.exception("%s failed", name)
        clock.wait(stop, interval)  # a moved demo clock starts the next round at once


def start_periodic_checks(stop: threading.Event) -> None:
    threading.Thread(target=periodic_loop, args=(stop,), name="periodic-checks", daemon=True).start()


def main() -> None:
    hooks.install()
    run_worker("rectification", get_engine(), consumers(),
               on_start=start_periodic_checks)


if __name__ == "__main__":
    main()
