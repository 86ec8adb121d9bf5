"""``python -m eldersafe_inspection.worker``: the event consumers and the hourly photo sweep."""

import logging
import threading
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import Engine

from eldersafe_common import clock
from eldersafe_common.db import transaction
from eldersafe_common.worker import run_worker

from .consumers import consumers
from .deps import get_engine
from .photo_sweep import sweep
from .settings import get_settings

log = logging.getLogger("eldersafe.inspection.periodic")
PHOTO_SWEEP_INTERVAL = 3600.0
SWEEP_THREAD = "photo-sweep"


def sweep_photos(engine: Engine, *, root: Path, grace: timedelta) -> tuple[int, sweep.FileSweep]:
    """One sweep: unattached photo rows older than ``grace`` (committed first), then unreferenced old files."""
    before = clock.now() - grace
    with transaction(engine) as session:
        rows = sweep.remove_unattached_photos(session, before=before)
    files = sweep.FileSweep()
    # A short transaction per shard folder: no snapshot is held open across the whole walk.
    for shard in sweep.shards(root):
        with transaction(engine, readonly=True) as session:
            files += sweep.sweep_shard(session, shard=shard, before=before)
    log.info("photo sweep: %d unattached photo rows and %d files (%d bytes) removed; kept %d referenced and "
             "%d younger than %s", rows, files.removed, files.removed_bytes, files.referenced, files.young, grace)
    return rows, files


def photo_sweep_loop(stop: threading.Event, *, interval: float = PHOTO_SWEEP_INTERVAL) -> None:
    """Sweep at start and then every ``interval`` seconds until ``stop``; a failed sweep is retried next time."""
    settings = get_settings()
    grace = timedelta(hours=settings.photo_sweep_grace_hours)
    while not stop.is_set():
        try:
            sweep_photos(get_engine(), root=settings.photo_dir, grace=grace)
        except Exception:
            log.exception("photo sweep failed")
        clock.wait(stop, interval)  # a moved demo clock starts the next round at once


def start_periodic(stop: threading.Event) -> None:
    """Start the photo sweep's thread, unless INSPECTION_PHOTO_SWEEP_ENABLED is false."""
    if not get_settings().photo_sweep_enabled:
        log.info("photo sweep disabled")
        return
    threading.Thread(target=photo_sweep_loop, args=(stop,), name=SWEEP_THREAD, daemon=True).start()


def main() -> None:
    run_worker("inspection", get_engine(), consumers(), on_start=start_periodic)


if __name__ == "__main__":
    main()
