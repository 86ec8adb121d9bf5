"""The platform in one process: the real gateway in front of the four service apps, their event consumers and
the workers' periodic jobs, and the story's clock.

Requests go through the gateway's own ASGI app exactly as the SPA's do (its login, its audit trail, its privacy
rules on the public tip paths); only the last hop differs: where the gateway would open a socket to a service,
:class:`InProcessProxy` hands the request to that service's app in this process. Nothing listens on a port.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import httpx
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import col, select
from starlette.types import ASGIApp, Receive, Scope, Send

from eldersafe_common import clock
from eldersafe_common.db import transaction
from eldersafe_common.events import Consumer, EventRecord


class AuditBuffer:
    """The gateway's audit entries, held until the story ends and then written by the gateway's own sink in one
    transaction (written as they come, its batches would queue behind the story's writers on SQLite's lock)."""

    def __init__(self) -> None:
        self.entries: list[object] = []

    def append_all(self, entries: Sequence[object]) -> None:
        self.entries.extend(entries)

    def flush(self) -> int:
        from eldersafe_gateway.audit.recorder import write_to_database

        count = len(self.entries)
        if self.entries:
            write_to_database(self.entries)  # type: ignore[arg-type]
            self.entries = []
        return count


AUDIT = AuditBuffer()


def _gateway() -> tuple[ASGIApp, Callable[[], object]]:
    """The gateway app with an in-process proxy, and its FastAPI app (whose lifespan starts the audit writer)."""
    from eldersafe_gateway.main import create_app
    from eldersafe_gateway.proxy import ServiceProxy
    from eldersafe_gateway.settings import get_settings
    from eldersafe_inspection.main import app as inspection
    from eldersafe_notification.main import app as notification
    from eldersafe_rectification.main import app as rectification
    from eldersafe_registry.main import app as registry

    apps: dict[str, ASGIApp] = {"registry": registry, "inspection": inspection, "rectification": rectification,
                                "notification": notification}

    class InProcessProxy(ServiceProxy):
        """The gateway's routing (``match``), with each request handed to the service's app in this process."""

        def __init__(self) -> None:
            super().__init__({name: f"http://{name}.in-process" for name in apps}, connect_timeout=1,
                             read_timeout=60, pool_timeout=1, max_connections=1)

        async def handle(self, upstream: object, scope: Scope, receive: Receive, send: Send, *,
                         forward_client: bool = True) -> None:
            name = getattr(upstream, "name", "")
            # A fresh scope per hop, as a new connection would give the service.
            await apps[name]({**scope, "state": {}}, receive, send)

    _registry_in_process(registry, inspection, rectification)
    # Every call of the story comes from one address: the public tip paths' per-address limits are not its concern.
    settings = get_settings().model_copy(update={
        "public_tip_burst": 10_000, "public_receipt_burst": 10_000, "public_read_burst": 10_000})
    gateway = create_app(settings, audit_sink=AUDIT.append_all)
    gateway.proxy = InProcessProxy()
    return gateway, lambda: gateway.api


def _registry_in_process(registry: ASGIApp, *apps: object) -> None:
    """Inspection (areas) and rectification (rosters) ask the registry over HTTP: here, the app in this process."""
    from fastapi.testclient import TestClient

    from eldersafe_common.http import AppTransport, ServiceClient
    from eldersafe_inspection.deps import get_registry_client as inspection_registry
    from eldersafe_rectification.deps import get_registry_client as rectification_registry

    base = "http://registry.in-process"
    client = ServiceClient(base, transport=AppTransport(TestClient(registry, base_url=base)))
    for app, dependency in zip(apps, (inspection_registry, rectification_registry), strict=True):
        app.dependency_overrides[dependency] = lambda: client  # type: ignore[attr-defined]


def _consumers() -> list[tuple[Engine, Consumer]]:
    """Every service's event consumers, each with its service's engine (its own schema on PostgreSQL)."""
    from eldersafe_inspection import consumers as inspection_consumers
    from eldersafe_inspection.deps import get_engine as inspection_engine
    from eldersafe_notification import consumers as notification_consumers
    from eldersafe_notification.deps import get_engine as notification_engine
    from eldersafe_rectification import consumers as rectification_consumers
    from eldersafe_rectification.deps import get_engine as rectification_engine
    from eldersafe_registry import consumers as registry_consumers
    from eldersafe_registry.deps import get_engine as registry_engine

    found = [(engine(), consumer) for engine, module in (
        (registry_engine, registry_consumers), (inspection_engine, inspection_consumers),
        (rectification_engine, rectification_consumers), (notification_engine, notification_consumers),
    ) for consumer in module.consumers()]
    for _, consumer in found:
        consumer.grace = timedelta(0)
    return found


@dataclass
class StoryClock:
    """Moves this process's business clock (``ELDERSAFE_CLOCK_OFFSET_DAYS``): day 0 is the real today.

    Nothing is written to the clock file, so the running platform never sees the move; :meth:`restore` puts the
    variable back as it was (``make seed`` then exits anyway).
    """

    saved: str | None = field(default_factory=lambda: os.environ.get(clock.OFFSET_ENV))
    today: date = field(default_factory=clock.china_today)
    day: int = 0

    def at(self, day: int, hour: float) -> None:
        """Set the business time to ``hour`` (China time) on ``day`` days from the real today."""
        target = clock.china_midnight(self.today + timedelta(days=day)) + timedelta(hours=hour)
        moved = float(os.environ.get(clock.OFFSET_ENV) or 0)
        ahead = (target - clock.now()).total_seconds() / 86400
        os.environ[clock.OFFSET_ENV] = repr(moved + ahead)
        self.day = day

    def restore(self) -> None:
        """Back to the real time (the offset the process started with)."""
        if self.saved is None:
            os.environ.pop(clock.OFFSET_ENV, None)
        else:
            os.environ[clock.OFFSET_ENV] = self.saved
        self.day = 0

    def date_of(self, day: int) -> date:
        return self.today + timedelta(days=day)


class Platform:
    """The gateway (with the services behind it), the consumers and the periodic jobs, in this process."""

    def __init__(self) -> None:
        self.gateway, self._api = _gateway()
        self.consumers = _consumers()
        self.clock = StoryClock()
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.gateway, client=("127.0.0.1", 40000)),
                                        base_url="http://eldersafe.demo", timeout=60)
        self._seen: dict[str, int] = {}
        self._lifespan: object = None

    async def __aenter__(self) -> Platform:
        api = self._api()
        self._lifespan = api.router.lifespan_context(api)  # type: ignore[attr-defined]
        await self._lifespan.__aenter__()  # type: ignore[attr-defined]
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()
        await self._lifespan.__aexit__(*exc)  # type: ignore[attr-defined]  # drains the audit queue
        AUDIT.flush()

    def settle(self, only: set[str] | None = None) -> int:
        """Run the consumers (``only`` those named) until none has anything left, as the workers would; return
        how many events were handled. A handler's failure stops the story (a worker would log it and retry)."""
        chosen = [(engine, consumer) for engine, consumer in self.consumers if only is None or consumer.name in only]
        handled = 0
        while True:
            floor = min(self._seen.get(consumer.name, 0) for _, consumer in chosen)
            with transaction(chosen[0][0], readonly=True) as session:
                rows = session.exec(select(EventRecord.type, func.max(EventRecord.id))
                                    .where(col(EventRecord.id) > floor).group_by(EventRecord.type)).all()
            latest = {kind: int(last or 0) for kind, last in rows}
            if not latest:
                return handled
            top, busy = max(latest.values()), False
            for engine, consumer in chosen:
                seen = self._seen.get(consumer.name, 0)
                if any(kind in consumer.handlers and last > seen for kind, last in latest.items()):
                    with transaction(engine) as session:
                        handled += consumer.drain(session)
                    busy = True
                self._seen[consumer.name] = top
            if not busy:
                return handled

    def run_jobs(self) -> None:
        """The workers' periodic jobs at the current business time, then their consumers."""
        from eldersafe_notification.campaigns import digest, phases
        from eldersafe_notification.deps import get_engine as notification_engine
        from eldersafe_notification.escalation.tick import tick
        from eldersafe_notification.rules import notices
        from eldersafe_rectification.deps import get_engine as rectification_engine
        from eldersafe_rectification.followups.service import draw_monthly_samples
        from eldersafe_rectification.ledger.overdue import check_overdue

        self.settle()
        for engine, consumer in self.consumers:
            # Nothing else writes events while the story plays, so nothing can commit below what was handled: the
            # watermark may follow at once (the workers' grace is for concurrent writers), keeping drains short.
            consumer.advance_watermark(engine)
        with transaction(rectification_engine()) as session:
            while check_overdue(session):
                pass
        with transaction(rectification_engine()) as session:
            draw_monthly_samples(session)
        self.settle()
        # The notification worker's scheduler: the ladder's tick, phase messages, the digest, the calendar's notice.
        for job in (tick, phases.check, digest.check, notices.check):
            with transaction(notification_engine()) as session:
                job(session, now=clock.now())
        self.settle()

