"""Event propagation benchmark: from an event's commit to its notification on the queue, through the REAL
notification worker process.

    .venv/bin/python bench/events/run.py [--events 500] [--rate 20]          # SQLite (temporary file)
    ELDERSAFE_BENCH_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5433/<own db> \
        .venv/bin/python bench/events/run.py

See README.md next to this file.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
for folder in ("libs/common", "services/notification"):
    sys.path.insert(0, str(ROOT / folder))
os.environ.setdefault("ELDERSAFE_ENVIRONMENT", "test")

from pydantic import BaseModel  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from eldersafe_common import clock  # noqa: E402
from eldersafe_common.db import make_engine, transaction  # noqa: E402
from eldersafe_common.events import EventType, publish  # noqa: E402
from eldersafe_common.migrate import upgrade  # noqa: E402
from eldersafe_notification.webhooks.models import WebhookSubscription  # noqa: E402

MIGRATIONS = ROOT / "services/notification/eldersafe_notification/migrations"
SCHEMA = "notification"
DISTRICT, SUBDISTRICT, COMMUNITY = "999001", "999001001", "999001001001"
HAZARDS = 50
ORDER_RULE = "supervision_order.deadline"


class Payload(BaseModel):
    """The producers' payloads, as a third party would write them (the worker reads them tolerantly)."""

    model_config = {"extra": "allow"}


def _publish(engine: Engine, kind: str, subject: str, **payload: Any) -> tuple[int, datetime]:
    """One event in its own transaction, as a producer's request commits it: (event id, commit time)."""
    with transaction(engine) as session:
        record = publish(session, EventType(kind, 1, Payload), subject=subject, payload=Payload(**payload),
                         producer="bench")
        event_id = record.id
    assert event_id is not None
    return event_id, clock.wall_now()


def _account(engine: Engine, account_id: str, *, role: str, position: str, area: str,
             facility: str | None = None) -> None:
    _publish(engine, "account.created", f"account:{account_id}", account_id=account_id, username=account_id,
             name=account_id, role=role, position=position, department=role if role in {"fire", "health"} else None,
             area=area, facility=facility, phone="13800000000", email=f"{account_id}@bench.invalid", disabled=False)


def _hazard(engine: Engine, index: int, kind: str, state: str, deadline: str) -> tuple[int, datetime]:
    return _publish(engine, kind, f"hazard:h-{index}", hazard_id=f"h-{index}", hazard_key=f"k-{index}",
                    campaign_id="camp-1", facility_id="fac-1", area_code=COMMUNITY,
                    departments=["fire" if index % 2 else "health"], severity="ordinary", state=state,
                    deadline=deadline, responsible_name=f"责任人{index}", responsible_phone="13900000000",
                    supervisor_subject="sup-1", supervisor_name="督办人")


def seed(engine: Engine, *, deadline: str) -> None:
    """Contacts (account.created), a facility and the hazards the orders name, all through events."""
    _account(engine, "sup-1", role="fire", position="staff", area=DISTRICT)
    for department in ("fire", "health"):
        _account(engine, f"{department}-head", role=department, position="head", area=DISTRICT)
    _account(engine, "co-1", role="community", position="officer", area=COMMUNITY)
    _account(engine, "sd-head", role="subdistrict", position="head", area=SUBDISTRICT)
    _account(engine, "tf-leader", role="task_force", position="leader", area=DISTRICT)
    _account(engine, "mgr-1", role="facility", position="manager", area=COMMUNITY, facility="fac-1")
    _publish(engine, "facility.registered", "facility:fac-1", facility_id="fac-1", name="甲院", area_code=COMMUNITY,
             status="operating")
    for index in range(HAZARDS):
        _hazard(engine, index, "hazard.assigned", "open", deadline)


def subscribe(engine: Engine, url: str) -> None:
    """The city platform's subscription (what ``POST /webhooks`` stores), following hazard.submitted."""
    with transaction(engine) as session:
        session.add(WebhookSubscription(id=str(uuid.uuid4()), client_name="bench", owner="bench", url=url,
                                        secret="bench-secret", event_types=["hazard.submitted"],
                                        created_at=clock.now()))


def wait_consumed(engine: Engine, *, timeout: float) -> None:
    """Until every consumer of the worker has handled every event published so far."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            left = conn.execute(text(
                "SELECT count(*) FROM event e WHERE e.type IN ('account.created', 'facility.registered', "
                "'hazard.assigned') AND NOT EXISTS (SELECT 1 FROM event_consumption c WHERE c.event_id = e.id "
                "AND c.consumer IN ('notification.contacts', 'notification.facilities', 'notification.hazards'))"
            )).scalar()
        if not left:
            return
        time.sleep(0.2)
    raise RuntimeError("the worker did not consume the seed events in time")


class Receiver(BaseHTTPRequestHandler):
    """The subscriber's endpoint: accepts every delivery."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def start_worker(url: str, workdir: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "ELDERSAFE_ENVIRONMENT": "test", "ELDERSAFE_DATABASE_URL": url, "PYTHONUNBUFFERED": "1",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "libs/common"), str(ROOT / "services/notification"),
                                          os.environ.get("PYTHONPATH", "")])}
    log = (workdir / "worker.log").open("ab")
    return subprocess.Popen([sys.executable, "-m", "eldersafe_notification.worker"], env=env, cwd=ROOT,
                            stdout=log, stderr=subprocess.STDOUT)


def publish_steadily(engine: Engine, *, count: int, rate: float, deadline: str) -> list[tuple[str, str, datetime]]:
    """``count`` events at ``rate`` a second, alternating an order's issue and a hazard's submission:
    (kind, the notification subject that links back to it, commit time)."""
    sent: list[tuple[str, str, datetime]] = []
    started = time.monotonic()
    for i in range(count):
        delay = started + i / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        if i % 2 == 0:
            order = f"o-{i}"
            _, at = _publish(engine, "supervision_order.issued", f"supervision_order:{order}", order_id=order,
                             number=f"DB-2026-{i:04d}", level="district", facility_id="fac-1", area_code=COMMUNITY,
                             hazard_ids=[f"h-{i % HAZARDS}", f"h-{(i + 1) % HAZARDS}"], supervisor_name="sup-1",
                             deadline=deadline, state="open", issued_by="tf-leader")
            sent.append(("order", f"supervision_order:{order}@{deadline}", at))
        else:
            event_id, at = _hazard(engine, i % HAZARDS, "hazard.submitted", "submitted", deadline)
            sent.append(("webhook", f"event:{event_id}", at))
    return sent


def queued_at(engine: Engine) -> dict[str, datetime]:
    """The first notification row's created_at per subject (orders' notices and webhook deliveries)."""
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT subject, min(created_at) FROM notification WHERE (rule_key = :order AND stage = 'issued') "
            "OR rule_key = 'webhook' GROUP BY subject"), {"order": ORDER_RULE}).all()
    return {subject: _aware(value) for subject, value in rows}


def _aware(value: Any) -> datetime:
    if isinstance(value, str):  # a raw SQLite column: UtcDateTime stores UTC without an offset
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _p95(seconds: list[float]) -> float:
    ordered = sorted(seconds)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else math.inf


def _summary(label: str, seconds: list[float]) -> str:
    if not seconds:
        return f"{label}: none"
    return (f"{label}: {len(seconds)} events, p50 {statistics.median(seconds) * 1000:.0f} ms, "
            f"p95 {_p95(seconds) * 1000:.0f} ms, max {max(seconds) * 1000:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--rate", type=float, default=20.0, help="events a second")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-events-"))
    url = os.environ.get("ELDERSAFE_BENCH_PG_URL")
    if url:
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
            conn.execute(text('DROP SCHEMA IF EXISTS "events" CASCADE'))
        engine.dispose()
    else:
        url = f"sqlite:///{workdir}/bench.db"
    upgrade(MIGRATIONS, url, schema=SCHEMA)
    engine = make_engine(url, schema=SCHEMA)
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    deadline = (clock.now() + timedelta(days=30)).date().isoformat()  # no ladder stage is near
    worker = start_worker(url, workdir)
    try:
        seed(engine, deadline=deadline)
        wait_consumed(engine, timeout=60)
        subscribe(engine, f"http://127.0.0.1:{receiver.server_address[1]}/hook")
        print(f"{engine.dialect.name}: worker pid {worker.pid}, {args.events} events at {args.rate:g}/s")
        sent = publish_steadily(engine, count=args.events, rate=args.rate, deadline=deadline)
        wanted = {subject for _, subject, _ in sent}
        give_up = time.monotonic() + 60
        queued = queued_at(engine)
        while not wanted <= set(queued) and time.monotonic() < give_up:
            time.sleep(0.5)
            queued = queued_at(engine)
        if worker.poll() is not None:
            raise RuntimeError(f"the worker exited: {(workdir / 'worker.log').read_text()[-2000:]}")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        receiver.shutdown()
    latencies: dict[str, list[float]] = {"order": [], "webhook": []}
    missing = 0
    for kind, subject, at in sent:
        if subject in queued:
            latencies[kind].append((queued[subject] - at).total_seconds())
        else:
            missing += 1
    everything = latencies["order"] + latencies["webhook"]
    print(_summary("supervision_order.issued → notice queued", latencies["order"]))
    print(_summary("hazard.submitted → webhook delivery queued", latencies["webhook"]))
    print(_summary("all", everything) + (f"; {missing} never queued" if missing else ""))
    met = _p95(everything) <= 1 and not missing
    print(f"target p95 <= 1 s: {'met' if met else 'MISSED'} (worker log: {workdir}/worker.log)")
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
