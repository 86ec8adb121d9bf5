"""``python -m eldersafe_rectification.worker``: the event consumers and the periodic overdue check."""

import logging
import threading

from eldersafe_common.db import transaction
from eldersafe_common.worker import run_worker

from .consumers import consumers
from .deps import get_engine
from .ledger.service import check_overdue

log = logging.getLogger("eldersafe.rectification.overdue")
OVERDUE_INTERVAL = 300.0


def overdue_loop(stop: threading.Event, *, interval: float = OVERDUE_INTERVAL) -> None:
    """Publish hazard.overdue (once per entry per deadline) every ``interval`` seconds until ``stop``."""
    while not stop.is_set():
        try:
            while True:
                with transaction(get_engine()) as session:
                    if check_overdue(session) == 0:
                        break
        except Exception:
            log.exception("overdue check failed")
        stop.wait(interval)


def start_overdue_check(stop: threading.Event) -> None:
    threading.Thread(target=overdue_loop, args=(stop,), name="overdue-check", daemon=True).start()


def main() -> None:
    run_worker("rectification", get_engine(), consumers(), on_start=start_overdue_check)


if __name__ == "__main__":
    main()
