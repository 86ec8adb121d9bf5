"""Audit capture off the request path.

Writes are noted in a small in-process queue as their responses complete; one background task (started
in the gateway's lifespan) drains it and inserts batches in a worker thread, verifying each caller's
token there rather than on the request path. It is a buffer, not a scheduler: it is flushed on shutdown.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from eldersafe_common.auth import decode_token, load_public_key
from eldersafe_common.db import transaction
from eldersafe_common.errors import DomainError

from ..models import AuditEntry
from ..settings import get_settings
from . import repository

log = logging.getLogger("eldersafe.gateway.audit")

Sink = Callable[[Sequence[AuditEntry]], None]
BATCH_LINGER_SECONDS = 0.05


@dataclass(slots=True)
class AuditEvent:
    """What the request path hands over: cheap to build, resolved later."""

    occurred_at: datetime
    method: str
    path: str
    status: int
    duration_ms: int
    request_id: str | None = None
    client_ip: str | None = None
    authorization: str | None = None
    actor: str | None = None
    actor_name: str | None = None


def resolve_actor(event: AuditEvent) -> tuple[str, str | None]:
    """Who made the request: a verified token's subject, else what the route learned, else anonymous."""
    if event.authorization and event.authorization[:7].lower() == "bearer ":
        settings = get_settings()
        try:
            claims = decode_token(
                event.authorization[7:].strip(), public_key=load_public_key(settings.jwt_public_key_path),
                issuer=settings.jwt_issuer, audience=settings.jwt_audience,
            )
            return str(claims.get("sub", "anonymous"))[:80], str(claims.get("name") or "")[:200] or None
        except (DomainError, RuntimeError):
            pass  # an invalid token proves nothing about who called
    return (event.actor or "anonymous")[:80], (event.actor_name or None) and str(event.actor_name)[:200]


def to_entry(event: AuditEvent) -> AuditEntry:
    actor, actor_name = resolve_actor(event)
    return AuditEntry(
        id=str(uuid.uuid4()), occurred_at=event.occurred_at, actor=actor, actor_name=actor_name,
        method=event.method, path=event.path[:500], status=event.status, request_id=event.request_id,
        client_ip=event.client_ip, duration_ms=event.duration_ms,
    )


def write_to_database(entries: Sequence[AuditEntry]) -> None:
    """The production sink: one short transaction per batch."""
    from ..deps import get_engine  # deferred: deps reads settings that tests set up first

    with transaction(get_engine()) as session:
        repository.add_many(session, entries)


class AuditRecorder:
    def __init__(self, sink: Sink = write_to_database) -> None:
        self.sink = sink
        self.dropped = 0
        self._queue: asyncio.Queue[AuditEvent | None] | None = None
        self._task: asyncio.Task[None] | None = None
        self._batch_size = 200

    async def start(self, *, queue_size: int, batch_size: int) -> None:
        """Create the queue and the drain task on the running loop."""
        self._queue = asyncio.Queue(maxsize=queue_size)
        self._batch_size = batch_size
        self._task = asyncio.create_task(self._drain(self._queue), name="audit-drain")

    def record(self, event: AuditEvent) -> None:
        """Note one write; never blocks the request (a full buffer drops and counts)."""
        if self._queue is None:
            log.warning("audit recorder not running; dropping %s %s", event.method, event.path)
            self.dropped += 1
            return
        try:
            self._queue.put_nowait(event)
        except asyncio.QueueFull:
            self.dropped += 1
            log.error("audit buffer full; dropped %s %s (dropped so far: %d)", event.method, event.path,
                      self.dropped)

    async def flush(self) -> None:
        """Wait until every event noted so far is written."""
        if self._queue is not None:
            await self._queue.join()

    async def stop(self) -> None:
        """Write what is buffered, then end the drain task."""
        if self._queue is None or self._task is None:
            return
        await self._queue.put(None)
        await self._task
        self._queue, self._task = None, None

    async def _drain(self, queue: asyncio.Queue[AuditEvent | None]) -> None:
        stopping = False
        while not stopping:
            first = await queue.get()
            batch: list[AuditEvent] = []
            taken = 1
            if first is None:
                stopping = True
            else:
                batch.append(first)
                if queue.empty():
                    # A lone event waits a moment for company: under a steady stream of writes (public tips)
                    # one transaction per batch instead of per request, at the cost of a few ms of buffering.
                    await asyncio.sleep(BATCH_LINGER_SECONDS)
            while len(batch) < self._batch_size and not queue.empty():
                item = queue.get_nowait()
                taken += 1
                if item is None:
                    stopping = True
                else:
                    batch.append(item)
            try:
                if batch:
                    await asyncio.to_thread(self._write, batch)
            finally:
                for _ in range(taken):
                    queue.task_done()

    def _write(self, batch: list[AuditEvent]) -> None:
        try:
            self.sink([to_entry(event) for event in batch])
        except Exception:  # the trail must not take the gateway down; the loss is logged loudly
            log.exception("could not write %d audit entries", len(batch))


recorder = AuditRecorder()
