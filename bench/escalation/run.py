"""Escalation benchmark: 1,000,000 open hazards, the day's first tick at a fixed ``now`` and the ticks a minute apart
that drain what its budget left, then a steady-state tick: each one's time and what it selected.

    .venv/bin/python bench/escalation/run.py                      # SQLite (temporary file)
    ELDERSAFE_BENCH_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5433/<own db> \
        .venv/bin/python bench/escalation/run.py

See README.md next to this file.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for folder in ("libs/common", "services/notification"):
    sys.path.insert(0, str(ROOT / folder))
os.environ.setdefault("ELDERSAFE_ENVIRONMENT", "test")

from sqlalchemy import text  # noqa: E402
from sqlmodel import Session  # noqa: E402

from eldersafe_common.db import make_engine, transaction  # noqa: E402
from eldersafe_common.migrate import upgrade  # noqa: E402
from eldersafe_notification.delivery.enqueue import Message, Recipient, enqueue_many  # noqa: E402
from eldersafe_notification.escalation.tick import BATCH, china_today, tick  # noqa: E402
from eldersafe_notification.hazards.models import NOT_STARTED  # noqa: E402
from eldersafe_notification.rules import repository  # noqa: E402
from eldersafe_notification.rules.calendar import WorkingCalendar  # noqa: E402
from eldersafe_notification.settings import get_settings  # noqa: E402

MIGRATIONS = ROOT / "services/notification/eldersafe_notification/migrations"
SCHEMA = "notification"
DEPARTMENTS = ["civil_affairs", "fire", "emergency", "police", "health", "housing", "market"]
COMMUNITIES = [f"999001{s:03d}{c:03d}" for s in (1, 2, 3) for c in (1, 2)]
# 00:05 China time on Wednesday 10 June 2026 (no holiday near): the day's first tick, when every stage's cut-off
# has just moved by one day.
NOW = datetime(2026, 6, 9, 16, 5, tzinfo=UTC)
SPREAD_DAYS = 60


def _numbers(dialect: str, rows: int) -> str:
    if dialect == "sqlite":
        return (f"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {rows - 1}) "
                "SELECT i FROM n")
    return f"SELECT i FROM generate_series(0, {rows - 1}) AS i"


def seed(engine, rows: int) -> None:  # type: ignore[no-untyped-def]
    """Contacts for the district, 200 facilities and ``rows`` open hazards with deadlines over ±60 days, their
    ladders advanced as yesterday's ticks left them."""
    today = china_today(NOW)
    dialect = engine.dialect.name
    with transaction(engine) as session:
        calendar = WorkingCalendar.load(session, around=today)
        (rule,) = [r for r in repository.rules(session, "hazard.deadline") if not r.severity and not r.campaign_id]
        yesterday = today - timedelta(days=1)
        cases = " ".join(
            f"WHEN deadline <= '{calendar.cutoff(yesterday, offset_days=s['offset_days'], day_kind=s['day_kind'])}'"
            f" THEN {s['offset_days']}" for s in reversed(rule.stages))
        conn = session.connection()
        contacts = [("tf", "task_force", "leader", "999001")]
        contacts += [(f"head-{d}", d, "head", "999001") for d in DEPARTMENTS]
        contacts += [(f"sup-{i}", DEPARTMENTS[i % 7], "staff", "999001") for i in range(50)]
        contacts += [(f"sd-{s}", "subdistrict", "head", f"999001{s:03d}") for s in (1, 2, 3)]
        contacts += [(f"co-{c}", "community", "officer", c) for c in COMMUNITIES]
        conn.execute(text(
            "INSERT INTO notification_contact (account_id, username, name, role, position, area, phone, email, "
            "disabled, event_id, updated_at) VALUES (:id, :id, :id, :role, :position, :area, '13800000000', "
            "NULL, false, 0, :now)"), [{"id": i, "role": r, "position": p, "area": a, "now": NOW}
                                       for i, r, p, a in contacts])
        conn.execute(text(
            "INSERT INTO notification_facility (id, name, area_code, status, updated_at) "
            "VALUES (:id, :name, :area, 'operating', :now)"),
            [{"id": f"fac-{i}", "name": f"第{i}养老院", "area": COMMUNITIES[i % 6], "now": NOW} for i in range(200)])
        first = today - timedelta(days=SPREAD_DAYS)
        if dialect == "sqlite":
            deadline = f"date('{first}', '+' || (i % {2 * SPREAD_DAYS + 1}) || ' days')"
            communities = "'999001' || printf('%03d', 1 + (i / 2) % 3) || printf('%03d', 1 + i % 2)"
        else:
            deadline = f"DATE '{first}' + (i % {2 * SPREAD_DAYS + 1})::int"
            communities = "'999001' || lpad((1 + (i / 2) % 3)::text, 3, '0') || lpad((1 + i % 2)::text, 3, '0')"
        conn.execute(text(
            "INSERT INTO notification_hazard (id, hazard_key, campaign_id, facility_id, area_code, severity, state, "
            "deadline, responsible_name, responsible_phone, supervisor_subject, supervisor_name, fired_offset, "
            f"event_id, updated_at) SELECT 'h-' || i, 'k-' || i, 'camp-1', 'fac-' || (i % 200), {communities}, "
            "CASE WHEN i % 10 = 0 THEN 'major' ELSE 'ordinary' END, 'open', "
            f"{deadline}, '责任人' || (i % 1000), '139' || (10000000 + i % 1000), 'sup-' || (i % 50), '督办人', "
            f"{NOT_STARTED}, 0, :now FROM ({_numbers(dialect, rows)}) AS n"), {"now": NOW})
        by_department = " ".join(f"WHEN {k} THEN '{d}'" for k, d in enumerate(DEPARTMENTS))
        conn.execute(text(
            "INSERT INTO notification_hazard_department (hazard_id, department) SELECT id, "
            f"CASE CAST(substr(id, 3) AS INTEGER) % 7 {by_department} END FROM notification_hazard"))
        conn.execute(text(f"UPDATE notification_hazard SET fired_offset = CASE {cases} ELSE {NOT_STARTED} END"))
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()


def enqueue_many_for_comparison(engine, count: int) -> float:  # type: ignore[no-untyped-def]
    """The alternative to the tick's INSERT … SELECT: ``count`` rows through enqueue_many (rolled back)."""
    message = Message(rule_key="bench", subject="", stage="due_day", title="【今日到期】第1养老院：隐患",
                      body="第1养老院的隐患「隐患」整改期限为2026年06月10日，今天到期。请及时督促整改，并在系统中查看详情。")
    items = [(replace(message, subject=f"hazard:h-{i // 4}@2026-06-10"),
              Recipient(key=f"account:head-{i % 4}", name="head", phone="13800000000"), "sms")
             for i in range(count)]
    session = Session(engine)
    try:
        started = time.perf_counter()
        enqueue_many(session, items, now=NOW)
        return time.perf_counter() - started
    finally:
        session.rollback()
        session.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=BATCH, help="hazards per batch of one stage")
    parser.add_argument("--budget", type=float, default=get_settings().tick_budget_seconds,
                        help="seconds a tick may spend (NOTIFICATION_TICK_BUDGET_SECONDS)")
    parser.add_argument("--compare", action="store_true", help="time enqueue_many for the first tick's rows")
    args = parser.parse_args()
    url = os.environ.get("ELDERSAFE_BENCH_PG_URL")
    workdir = tempfile.mkdtemp(prefix="bench-escalation-")
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
    started = time.perf_counter()
    seed(engine, args.rows)
    print(f"{engine.dialect.name}: seeded {args.rows:,} hazards in {time.perf_counter() - started:.1f} s")
    # From 00:05 a tick a minute while the previous one left work (its budget ran out), then a tick at 09:00:
    # the steady state, every minute of the rest of the day.
    now, slowest, total, first, ticks = NOW, 0.0, 0, 0, 0
    while True:
        started = time.perf_counter()
        with transaction(engine) as session:
            result = tick(session, now=now, budget=args.budget, batch=args.batch)
        elapsed = time.perf_counter() - started
        ticks, slowest, total = ticks + 1, max(slowest, elapsed), total + result.enqueued
        first = first or result.enqueued
        print(f"tick at {now.isoformat()}: {elapsed:.3f} s, {result.selected:,} due (hazard, stage) in "
              f"{result.batches} batches, {result.enqueued:,} notifications enqueued, {result.escalated:,} "
              f"escalated{', backlog left' if result.backlog else ''}; {result.by_stage}", flush=True)
        if not result.backlog:
            break
        now += timedelta(minutes=1)
    print(f"the day's burst: {total:,} notifications in {ticks} ticks ({ticks} minutes, from 00:05), slowest tick "
          f"{slowest:.3f} s (budget {args.budget} s, batches of {args.batch:,})")
    started = time.perf_counter()
    with transaction(engine) as session:
        result = tick(session, now=NOW + timedelta(hours=9), budget=args.budget, batch=args.batch)
    print(f"steady-state tick (09:00): {time.perf_counter() - started:.3f} s, {result.selected:,} due")
    if first and args.compare:
        seconds = enqueue_many_for_comparison(engine, first)
        print(f"for comparison, enqueue_many of {first:,} rows (executemany, rolled back): {seconds:.3f} s")
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
