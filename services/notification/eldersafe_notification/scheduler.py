"""The worker's periodic jobs on an APScheduler 3 BackgroundScheduler (never in a web process): the escalation
tick, campaign phases and the digest, and the calendar's unknown years."""

from __future__ import annotations

import logging
import threading

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.engine import Engine

from eldersafe_common import clock
from eldersafe_common.db import transaction

from .campaigns import jobs as campaign_jobs
from .escalation.tick import tick
from .rules import notices as calendar_notices

log = logging.getLogger("eldersafe.notification.scheduler")


def run_tick(engine: Engine) -> None:
    """One tick in its own transaction; a failure is logged and the next minute tries again."""
    try:
        with transaction(engine) as session:
            tick(session, now=clock.now())
    except Exception:
        log.exception("escalation tick failed")


def _run_all_now(scheduler: BackgroundScheduler) -> None:
    log.info("clock moved to %s: running every scheduled job now", clock.china_now().isoformat())
    for job in scheduler.get_jobs():
        job.modify(next_run_time=clock.wall_now())


def start_scheduler(engine: Engine, stop: threading.Event) -> BackgroundScheduler:
    """Tick every minute, check campaign phases and the calendar's unknown years hourly and the digest every 5
    minutes (each once at start, to catch up, and again whenever the demo's clock is moved); shut down when
    ``stop`` is set."""
    scheduler = BackgroundScheduler(timezone="Asia/Shanghai")
    # coalesce + one instance: a tick that overran or was missed runs once, never piled up.
    scheduler.add_job(run_tick, "interval", minutes=1, args=[engine], id="escalation.tick", coalesce=True,
                      max_instances=1, next_run_time=clock.wall_now(), misfire_grace_time=30)
    # Phase messages and the digest are state-based too: whichever run comes first after their time sends them.
    scheduler.add_job(campaign_jobs.run_phase_check, "interval", minutes=campaign_jobs.PHASE_EVERY_MINUTES,
                      args=[engine], id=campaign_jobs.PHASE_JOB, coalesce=True, max_instances=1,
                      next_run_time=clock.wall_now(), misfire_grace_time=60)
    scheduler.add_job(campaign_jobs.run_digest_check, "interval", minutes=campaign_jobs.DIGEST_EVERY_MINUTES,
                      args=[engine], id=campaign_jobs.DIGEST_JOB, coalesce=True, max_instances=1,
                      next_run_time=clock.wall_now(), misfire_grace_time=60)
    scheduler.add_job(calendar_notices.run_check, "interval", minutes=calendar_notices.EVERY_MINUTES, args=[engine],
                      id=calendar_notices.JOB, coalesce=True, max_instances=1, next_run_time=clock.wall_now(),
                      misfire_grace_time=60)
    scheduler.start()
    # APScheduler runs on the real clock; the jobs read the business clock. When a demo's clock is moved
    # (make advance), run every job at once so the new day's reminders and escalations appear right away.
    clock.on_move(stop, lambda: _run_all_now(scheduler))
    threading.Thread(target=lambda: (stop.wait(), scheduler.shutdown(wait=True)), name="scheduler-stop",
                     daemon=True).start()
    return scheduler
