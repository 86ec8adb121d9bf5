"""Ledger benchmark: 1,000,000 hazards, p50/p95 of a filtered sorted page, time and peak RSS of a 100k export.

    .venv/bin/python bench/ledger/run.py                     # SQLite (temporary file)
    export ELDERSAFE_BENCH_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5433/bench_ledger
    .venv/bin/python bench/ledger/run.py                     # then also PostgreSQL (a throwaway database)

See README.md next to this file.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "services/rectification/eldersafe_rectification/migrations"
SCHEMA = "rectification"
FACILITIES = 50
CAMPAIGNS = 10  # one campaign holds rows // 10 hazards: 100,000 of 1,000,000 (the export's filter)
TARGET_P95_MS = 100.0
TARGET_EXPORT_S = 15.0
TARGET_EXPORT_MB = 300.0

os.environ.setdefault("ELDERSAFE_ENVIRONMENT", "test")


def _numbers(dialect: str, rows: int) -> str:
    if dialect == "sqlite":
        return f"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {rows - 1}) "
    return ""


def _source(dialect: str, rows: int) -> str:
    # bigint: i * 104729 passes the int4 range from i = 20,506 on.
    return "FROM n" if dialect == "sqlite" else f"FROM generate_series(0::bigint, {rows - 1}) AS n(i)"


def _pad(dialect: str, expr: str, width: int) -> str:
    if dialect == "sqlite":
        return f"printf('%0{width}d', {expr})"
    return f"lpad(CAST({expr} AS TEXT), {width}, '0')"


def _day(dialect: str, start: str, offset: str) -> str:
    if dialect == "sqlite":
        return f"date('{start}', '+' || ({offset}) || ' days')"
    return f"(DATE '{start}' + CAST({offset} AS INTEGER))"


def _time(dialect: str, start: str, offset: str) -> str:
    if dialect == "sqlite":
        return f"datetime('{start}', '+' || ({offset}) || ' days')"
    return f"(TIMESTAMPTZ '{start} 00:00:00+00' + CAST({offset} AS INTEGER) * INTERVAL '1 day')"


def _json(dialect: str, expr: str) -> str:
    return expr if dialect == "sqlite" else f"CAST({expr} AS JSON)"


# Department mixes by (i / 7) % 10: 40 % fire, 20 % health, 10 % each civil affairs, market, emergency, and
# 10 % joint fire + health (the last entry: its second department is seeded by a second statement).
MIXES = ["fire", "fire", "fire", "fire", "health", "health", "civil_affairs", "market", "emergency", "fire"]
SECOND = {9: "health"}


def _area_sql(dialect: str) -> str:
    f = f"((i / 10) % {FACILITIES})"
    return f"'999001' || {_pad(dialect, f'1 + {f} % 5', 3)} || {_pad(dialect, f'1 + ({f} / 5) % 2', 3)}"


def _uid_sql(dialect: str) -> str:
    return f"{_pad(dialect, 'i', 8)} || '-0000-4000-8000-' || {_pad(dialect, 'i', 12)}"


SEVERITY_SQL = "CASE WHEN (i / 500) % 4 = 0 THEN 'major' ELSE 'ordinary' END"


def department_seed_sql(dialect: str, rows: int) -> list[str]:
    """hazard_department rows for the same series: every hazard's first department, then the joint mixes' second."""
    first = "CASE (i / 7) % 10 " + " ".join(f"WHEN {n} THEN '{d}'" for n, d in enumerate(MIXES)) + " END"
    second = "CASE (i / 7) % 10 " + " ".join(f"WHEN {n} THEN '{d}'" for n, d in SECOND.items()) + " END"
    where = f" WHERE (i / 7) % 10 IN ({', '.join(str(n) for n in SECOND)})"
    return [f"{_numbers(dialect, rows)}INSERT INTO hazard_department (hazard_id, department, severity, area_code) "
            f"SELECT {_uid_sql(dialect)}, {dept}, {SEVERITY_SQL}, {_area_sql(dialect)} {_source(dialect, rows)}{cond}"
            for dept, cond in ((first, ""), (second, where))]


def seed_sql(dialect: str, rows: int) -> str:
    """One INSERT … SELECT over a number series; every attribute spread by its own modulus."""
    f = f"((i / 10) % {FACILITIES})"
    area = _area_sql(dialect)
    lists = {n: [d] + ([SECOND[n]] if n in SECOND else []) for n, d in enumerate(MIXES)}
    dept = "CASE (i / 7) % 10 " + " ".join(f"WHEN {n} THEN '{json.dumps(v)}'" for n, v in lists.items()) + " END"
    state = (
        "CASE (i / 13) % 10 WHEN 0 THEN 'open' WHEN 1 THEN 'open' WHEN 2 THEN 'open' WHEN 3 THEN 'in_progress' "
        "WHEN 4 THEN 'in_progress' WHEN 5 THEN 'submitted' WHEN 6 THEN 'accepted' ELSE 'signed_off' END"
    )
    offset = "(i * 7919) % 540"
    uid = _uid_sql(dialect)
    found = _time(dialect, "2025-12-01", offset)
    columns = {
        "id": uid,
        "hazard_key": "'bench-' || i",
        "inspection_id": "'insp-' || (i / 20)",
        "campaign_id": f"'bench-campaign-' || (i % {CAMPAIGNS})",
        "facility_id": f"'bench-fac-' || {_pad(dialect, f, 2)}",
        "facility_name": f"'颐养院 ' || {_pad(dialect, f, 2)}",
        "area_code": area,
        "departments": _json(dialect, dept),
        "item_code": "'ITEM-' || (i % 120)",
        "item_text": "'检查项 ' || (i % 120)",
        "basis": "'GB 50016-2014'",
        "category": "'fire'",
        "severity": SEVERITY_SQL,
        "description": "'疏散通道堆放杂物 第' || i || '号'",
        "photo_ids": _json(dialect, "'[]'"),
        "measures": "'清理杂物'",
        "responsible_name": "'李四'",
        "responsible_phone": "'13900000000'",
        "supervisor_subject": "'bench-inspector'",
        "supervisor_name": "'检查员'",
        "checker_name": "'检查员'",
        "deadline": _day(dialect, "2026-01-01", offset),
        "state": state,
        "accepted_departments": _json(dialect, "'[]'"),
        "relapse": "FALSE",
        "reopened_count": "0",
        "self_check": "FALSE",
        "found_at": found,
        "found_by": "'bench-inspector'",
        "created_at": found,
        "updated_at": _time(dialect, "2025-12-01", "(i * 104729) % 540"),
        "version": "1",
    }
    return (f"{_numbers(dialect, rows)}INSERT INTO hazard ({', '.join(columns)}) "
            f"SELECT {', '.join(columns.values())} {_source(dialect, rows)}")


def _sqlite_pragmas(engine, *pragmas: str) -> None:  # type: ignore[no-untyped-def]
    """Outside any transaction (the engine's own hook begins one on every connection use)."""
    raw = engine.raw_connection()
    try:
        for pragma in pragmas:
            raw.cursor().execute(pragma)
    finally:
        raw.close()


def prepare(url: str, rows: int) -> None:
    """Migrate, then seed with the hazard tables' secondary indexes dropped and rebuilt afterwards (building an
    index over sorted keys once is far cheaper than keeping a dozen up to date row by row), then gather statistics
    (PostgreSQL: VACUUM too, so index-only scans can skip the heap)."""
    from sqlalchemy import text

    from eldersafe_common.db import make_engine
    from eldersafe_common.migrate import EVENTS_MIGRATIONS, upgrade
    from eldersafe_rectification.ledger.models import Hazard, HazardDepartment

    upgrade(EVENTS_MIGRATIONS, url, schema="events")
    upgrade(MIGRATIONS, url, schema=SCHEMA)
    engine = make_engine(url, schema=SCHEMA)
    dialect = engine.dialect.name
    indexes = [index for table in (Hazard.__table__, HazardDepartment.__table__)  # type: ignore[attr-defined]
               for index in table.indexes]
    started = time.perf_counter()
    statements = [seed_sql(dialect, rows), *department_seed_sql(dialect, rows)]
    if dialect == "sqlite":
        # A throwaway file: no WAL copy of a gigabyte of new pages, no fsync (the pool reuses this connection).
        _sqlite_pragmas(engine, "PRAGMA journal_mode=DELETE", "PRAGMA synchronous=OFF")
    with engine.begin() as conn:
        if dialect != "sqlite":
            conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '512MB'")
        for index in indexes:
            index.drop(conn)
        for statement in statements:
            conn.execute(text(statement))
        seeded = time.perf_counter()
        for index in indexes:
            index.create(conn)
    indexed = time.perf_counter()
    if dialect == "sqlite":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        _sqlite_pragmas(engine, "PRAGMA journal_mode=WAL")
    else:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE hazard"))
            conn.execute(text("VACUUM ANALYZE hazard_department"))
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM hazard")).scalar_one()
        pairs = conn.execute(text("SELECT count(*) FROM hazard_department")).scalar_one()
    print(f"  seeded {count:,} hazards ({pairs:,} hazard_department rows) in {time.perf_counter() - started:.1f}s: "
          f"insert {seeded - started:.1f}s, indexes {indexed - seeded:.1f}s, statistics "
          f"{time.perf_counter() - indexed:.1f}s")
    engine.dispose()


def scenarios(rng: random.Random, today: date) -> list[dict[str, object]]:
    """~Realistic ledger screens: each a filter set and a sort."""
    out: list[dict[str, object]] = []
    sorts = ["deadline", "-deadline", "found_at", "-found_at", "severity", "-severity", "updated_at"]
    for index in range(200):
        kind = index % 5
        filters: dict[str, object]
        if kind == 0:
            filters = {"state": "open", "overdue": True}
        elif kind == 1:
            filters = {"facility_id": f"bench-fac-{rng.randrange(FACILITIES):02d}"}
        elif kind == 2:
            filters = {"department": rng.choice(["fire", "health", "market"]),
                       "severity": rng.choice(["major", "ordinary"])}
        elif kind == 3:
            start = date(2026, 1, 1) + timedelta(days=rng.randrange(500))
            filters = {"deadline_from": start, "deadline_to": start + timedelta(days=rng.choice([7, 30]))}
        else:
            filters = {"campaign_id": f"bench-campaign-{rng.randrange(CAMPAIGNS)}",
                       "state": rng.choice(["open", "in_progress", "submitted"])}
        filters["sort"] = rng.choice(sorts)
        out.append({"filters": filters, "page": rng.choice([1, 1, 1, 2, 5]), "area": rng.choice(
            ["999001", "999001", f"999001{1 + rng.randrange(5):03d}{1 + rng.randrange(2):03d}"])})
    return out


def principal(area: str):  # type: ignore[no-untyped-def]
    from eldersafe_common.auth import Position, Principal, Role

    role = Role.admin if len(area) == 6 else Role.community
    return Principal(subject="bench", name="bench", role=role,
                     position=Position.staff if role is Role.admin else Position.officer, area=area)


def bench_list(url: str, calls: int) -> tuple[float, float, list[tuple[float, str]]]:
    from sqlmodel import Session

    from eldersafe_common.db import make_engine
    from eldersafe_rectification.ledger import service
    from eldersafe_rectification.ledger.schemas import HazardFilters

    engine = make_engine(url, schema=SCHEMA)
    cases = scenarios(random.Random(7), service.today_china())[:calls]
    timings: list[tuple[float, str]] = []
    kinds: dict[str, list[float]] = {}
    with Session(engine) as session:  # warm-up: connection, caches
        for case in cases[:5]:
            service.list_hazards(session, principal=principal(str(case["area"])),
                                 filters=HazardFilters(**case["filters"]), page=1, page_size=20)  # type: ignore[arg-type]
    for case in cases:
        filters = HazardFilters(**case["filters"])  # type: ignore[arg-type]
        with Session(engine) as session:
            started = time.perf_counter()
            page = service.list_hazards(session, principal=principal(str(case["area"])), filters=filters,
                                        page=int(case["page"]), page_size=20)  # type: ignore[call-overload]
            elapsed = (time.perf_counter() - started) * 1000
        timings.append((elapsed, f"area={case['area']} page={case['page']} "
                        f"{filters.model_dump(exclude_none=True)} total={page.total}"))
        kind = "+".join(sorted(name for name in filters.model_dump(exclude_none=True) if name != "sort"))
        kinds.setdefault(kind, []).append(elapsed)
    engine.dispose()
    for kind, values in kinds.items():
        print(f"    {kind:<28} {len(values):3d} calls: p50 {statistics.median(values):6.1f} ms, "
              f"p95 {_p95(sorted(values)):6.1f} ms")
    values = sorted(t for t, _ in timings)
    return statistics.median(values), _p95(values), timings


def _p95(values: list[float]) -> float:
    return values[max(0, int(len(values) * 0.95) - 1)]


def export_child(url: str) -> None:
    """Run in a subprocess: one 100k-row export, print JSON with seconds, rows and ru_maxrss."""
    from sqlmodel import Session

    from eldersafe_common.db import make_engine
    from eldersafe_rectification.ledger import export
    from eldersafe_rectification.ledger.schemas import HazardFilters

    engine = make_engine(url, schema=SCHEMA)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with Session(engine) as session:
        path = export.export_xlsx(session, principal=principal("999001"),
                                  filters=HazardFilters(campaign_id="bench-campaign-3", sort="deadline"))
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = path.stat().st_size
    path.unlink()
    print(json.dumps({"seconds": seconds, "rss_before_kb": before, "rss_peak_kb": after, "bytes": size}))


def bench_export(url: str) -> dict[str, float]:
    result = subprocess.run([sys.executable, __file__, "--export-child", url], capture_output=True, text=True,
                            check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


PLANNED = [  # every filter combination the bench runs, with the default sort and a walkable one
    {"state": "open", "overdue": True}, {"facility_id": "bench-fac-07"},
    {"department": "fire", "severity": "ordinary"}, {"department": "market", "severity": "major"},
    {"deadline_from": date(2026, 6, 1), "deadline_to": date(2026, 7, 1)},
    {"campaign_id": "bench-campaign-3", "state": "open"},
]


def explain(url: str) -> None:
    """The count's and the page's plan (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL) of every filter
    combination, as the district admin and as one community's officer, built as list_hazards builds them."""
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlmodel import Session

    from eldersafe_common.db import make_engine
    from eldersafe_rectification.ledger import repository
    from eldersafe_rectification.ledger.schemas import HazardFilters
    from eldersafe_rectification.ledger.service import today_china

    engine = make_engine(url, schema=SCHEMA)
    dialect = sqlite.dialect() if engine.dialect.name == "sqlite" else postgresql.dialect()
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    today = today_china()
    with Session(engine) as session:
        for caller in ("999001", "999001003001"):
            area = repository._scope(session, caller)  # none for the district: every hazard lies inside it
            for fields in PLANNED:
                for sort in ("deadline", "-found_at"):
                    filters = HazardFilters(**fields, sort=sort)  # type: ignore[arg-type]
                    count = repository._count(area=area, own_facility=None, filters=filters, today=today)
                    matches = session.exec(count).one()
                    page = repository._page_statement(area=area, own_facility=None, filters=filters, today=today,
                                                      matches=matches, offset=0, limit=20)
                    print(f"  area {caller} {fields} sort {sort} ({matches:,} matches):")
                    for name, stmt in (("count", count), ("page", page)):
                        sql = str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
                        plan = session.connection().exec_driver_sql(prefix + sql).fetchall()
                        print(f"    {name}: " + " | ".join(str(row[-1]).strip() for row in plan))
    engine.dispose()


def run(label: str, url: str, rows: int, calls: int, show_plans: bool) -> bool:
    print(f"\n== {label}: {rows:,} hazards ==")
    prepare(url, rows)
    p50, p95, timings = bench_list(url, calls)
    ok_list = p95 <= TARGET_P95_MS
    print(f"  ledger page ({len(timings)} calls): p50 {p50:.1f} ms, p95 {p95:.1f} ms "
          f"(target p95 <= {TARGET_P95_MS:.0f} ms) {'OK' if ok_list else 'MISSED'}")
    for elapsed, what in sorted(timings, reverse=True)[:5]:
        print(f"    slowest {elapsed:7.1f} ms  {what}")
    figures = bench_export(url)
    peak_mb = figures["rss_peak_kb"] / 1024
    ok_export = figures["seconds"] <= TARGET_EXPORT_S and peak_mb <= TARGET_EXPORT_MB
    print(f"  export of {rows // CAMPAIGNS:,} rows: {figures['seconds']:.1f} s, peak RSS {peak_mb:.0f} MB "
          f"(process before export {figures['rss_before_kb'] / 1024:.0f} MB), file {figures['bytes'] / 1e6:.1f} MB "
          f"(targets <= {TARGET_EXPORT_S:.0f} s, <= {TARGET_EXPORT_MB:.0f} MB) {'OK' if ok_export else 'MISSED'}")
    if show_plans or not ok_list:
        explain(url)
    return ok_list and ok_export


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--plans", action="store_true", help="print the query plans of the main shapes")
    parser.add_argument("--export-child", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        export_child(args.export_child)
        return 0
    ok = True
    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as folder:
        ok &= run("SQLite", f"sqlite:///{Path(folder) / 'bench.db'}", args.rows, args.calls, args.plans)
    pg_url = os.environ.get("ELDERSAFE_BENCH_PG_URL")
    if pg_url:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        name = f"ledger_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(pg_url).set(database=name).render_as_string(hide_password=False)
            ok &= run("PostgreSQL", url, args.rows, args.calls, args.plans)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    print("\nall targets met" if ok else "\nsome targets MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
