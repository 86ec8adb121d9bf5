"""The scheduler's jobs for phase messages (hourly) and the digest (every few minutes): each check runs in
its own transaction; a failure is logged and the next run tries again (the checks are state-based)."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine

from eldersafe_common import clock
from eldersafe_common.db import transaction

from . import digest, phases

log = logging.getLogger("eldersafe.notification.campaigns")
PHASE_JOB, DIGEST_JOB = "campaigns.phases", "campaigns.digest"
PHASE_EVERY_MINUTES, DIGEST_EVERY_MINUTES = 60, 5


def run_phase_check(engine: Engine) -> None:
    """One phase check at the current time."""
    try:
        with transaction(engine) as session:
            phases.check(session, now=clock.now())
    except Exception:
        log.exception("campaign phase check failed")


def run_digest_check(engine: Engine) -> None:
    """One digest check at the current time."""
    try:
        with transaction(engine) as session:
            digest.check(session, now=clock.now())
    except Exception:
        log.exception("daily digest check failed")
