"""One replica ticks: PostgreSQL's transaction-scoped advisory lock, or a lease row on SQLite."""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy import text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, or_

from ..models import SchedulerLock

# "ES" "TK" in ASCII: a constant every replica agrees on, unlikely to clash with anyone else's advisory lock.
ADVISORY_KEY = 0x4553_544B
LEASE = timedelta(seconds=55)  # shorter than the minute between ticks, so the holder keeps it
HOLDER = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire(session: Session, *, name: str, now: datetime, holder: str = HOLDER) -> bool:
    """True when this transaction may run job ``name``; False when another replica has it."""
    if session.get_bind().dialect.name == "postgresql":
        # Released by the commit or rollback that ends the tick; a second replica gets false at once.
        return bool(session.connection().execute(text("SELECT pg_try_advisory_xact_lock(:key)"),
                                                 {"key": ADVISORY_KEY}).scalar())
    # SQLite: BEGIN IMMEDIATE already serialises writers; the lease stops the replica that waited from
    # running the same tick again right after the holder commits.
    session.connection().execute(sqlite_insert(SchedulerLock).values(
        name=name, holder=None, expires_at=now - LEASE).on_conflict_do_nothing(index_elements=["name"]))
    taken = session.connection().execute(
        update(SchedulerLock)
        .where(col(SchedulerLock.name) == name,
               # A lease ending further ahead than a lease lasts was taken before a demo's clock was moved back.
               or_(col(SchedulerLock.expires_at) <= now, col(SchedulerLock.holder) == holder,
                   col(SchedulerLock.expires_at) > now + LEASE))
        .values(holder=holder, expires_at=now + LEASE))
    return bool(taken.rowcount)
