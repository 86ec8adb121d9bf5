"""Command-center benchmark: the leaders' hazard statistics beside the ledger's first page, in one run.

    .venv/bin/python bench/dashboard/run.py                  # 1,000,000 hazards, SQLite (temporary file)
    .venv/bin/python bench/dashboard/run.py --rows 200000
    export ELDERSAFE_BENCH_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5433/postgres
    .venv/bin/python bench/dashboard/run.py                  # then also PostgreSQL (a throwaway database)

The ledger is seeded by bench/ledger's seeding (the same spread of areas, campaigns, departments, states,
deadlines); the counters are then filled the way 0012 back-fills them. Both endpoints are called in-process through
the rectification app (FastAPI's TestClient: routing, validation, the service, JSON encoding; the caller's token
is replaced by a fixed principal), alternately, with the same callers. See README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1].parent
TARGET_P95_MS = 300.0

os.environ.setdefault("ELDERSAFE_ENVIRONMENT", "test")


def _ledger_bench() -> Any:
    spec = importlib.util.spec_from_file_location("ledger_bench", ROOT / "bench/ledger/run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fill_counters(url: str) -> None:
    """The counters of the seeded ledger, grouped as 0012's back-fill groups them (seeding writes no counter)."""
    from sqlalchemy import insert, text

    from eldersafe_common.db import make_engine
    from eldersafe_rectification.ledger.models import HazardDueTally, HazardTally
    from eldersafe_rectification.ledger.tally import mix

    engine = make_engine(url, schema="rectification")
    started = time.perf_counter()
    tally: Counter[tuple[Any, ...]] = Counter()
    due: Counter[tuple[Any, ...]] = Counter()
    with engine.begin() as conn:
        for row in conn.execute(text(
                "SELECT campaign_id, area_code, CAST(departments AS TEXT), state, severity, count(*) FROM hazard "
                "GROUP BY campaign_id, area_code, CAST(departments AS TEXT), state, severity")):
            tally[(row[0], row[1], mix(json.loads(row[2])), row[3], row[4])] += row[5]
        for row in conn.execute(text(
                "SELECT campaign_id, area_code, CAST(departments AS TEXT), severity, deadline, count(*) FROM hazard "
                "WHERE state IN ('open', 'in_progress', 'submitted') "
                "GROUP BY campaign_id, area_code, CAST(departments AS TEXT), severity, deadline")):
            deadline = row[4] if isinstance(row[4], date) else date.fromisoformat(row[4])  # SQLite: text
            due[(row[0], row[1], mix(json.loads(row[2])), row[3], deadline)] += row[5]
        conn.execute(insert(HazardTally.__table__), [  # type: ignore[attr-defined]
            dict(zip(("campaign_id", "area_code", "departments", "state", "severity"), key, strict=True),
                 hazards=n) for key, n in tally.items()])
        rows = [dict(zip(("campaign_id", "area_code", "departments", "severity", "deadline"), key, strict=True),
                     hazards=n) for key, n in due.items()]
        for start in range(0, len(rows), 20_000):
            conn.execute(insert(HazardDueTally.__table__), rows[start:start + 20_000])  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(text("ANALYZE hazard_tally" if engine.dialect.name != "sqlite" else "ANALYZE"))
    print(f"  counters: {len(tally):,} hazard_tally rows, {len(due):,} hazard_due_tally rows "
          f"({time.perf_counter() - started:.1f}s)")
    engine.dispose()


def callers() -> list[tuple[str, Any, dict[str, str]]]:
    """Who asks, with what: the statistics' scopes (and the same callers' ledger page)."""
    from eldersafe_common.auth import Position, Principal, Role

    def who(role: Role, position: Position, area: str) -> Any:
        return Principal(subject="bench", name="bench", role=role, position=position, area=area,
                         department=role.value if role in (Role.fire, Role.health) else None)

    leader = who(Role.task_force, Position.leader, "999001")
    return [
        ("task force, district", leader, {}),
        ("task force, one campaign", leader, {"campaign_id": "bench-campaign-3"}),
        ("task force, one sub-district", leader, {"area_code": "999001002"}),
        ("fire head, district", who(Role.fire, Position.head, "999001"), {}),
        ("community officer", who(Role.community, Position.officer, "999001003001"), {}),
    ]


def measure(url: str, calls: int) -> dict[str, list[float]]:
    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from eldersafe_common.db import make_engine
    from eldersafe_rectification import deps
    from eldersafe_rectification.main import app

    engine = make_engine(url, schema="rectification")
    current: dict[str, Any] = {}

    def session() -> Any:
        with Session(engine) as s:
            yield s

    app.dependency_overrides[deps.get_session] = session
    app.dependency_overrides[deps.get_principal] = lambda: current["principal"]
    cases = callers()
    timings: dict[str, list[float]] = {"statistics": [], "ledger page": []}
    by_case: dict[str, list[float]] = {}
    with TestClient(app) as client:
        for index in range(calls + 10):
            name, principal, query = cases[index % len(cases)]
            current["principal"] = principal
            for side, path, params in (
                    ("statistics", "/api/rectification/statistics/hazards", query),
                    ("ledger page", "/api/rectification/hazards",
                     {k: v for k, v in query.items() if k == "campaign_id"}
                     | ({"area_code": query["area_code"]} if "area_code" in query else {}))):
                started = time.perf_counter()
                answer = client.get(path, params=params)
                elapsed = (time.perf_counter() - started) * 1000
                assert answer.status_code == 200, answer.text
                if index >= 10:  # the first rounds warm connections and caches
                    timings[side].append(elapsed)
                    if side == "statistics":
                        by_case.setdefault(name, []).append(elapsed)
    app.dependency_overrides.clear()
    engine.dispose()
    for name, values in by_case.items():
        values.sort()
        print(f"    statistics, {name:<28} p50 {statistics.median(values):6.1f} ms, p95 {_p95(values):6.1f} ms")
    return timings


def _p95(values: list[float]) -> float:
    return values[max(0, int(len(values) * 0.95) - 1)]


def run(label: str, url: str, rows: int, calls: int) -> bool:
    print(f"\n{label}: {rows:,} hazards")
    _ledger_bench().prepare(url, rows)
    fill_counters(url)
    timings = measure(url, calls)
    stats, page = sorted(timings["statistics"]), sorted(timings["ledger page"])
    print(f"  {'':<14} {'p50':>9} {'p95':>9}   ({len(stats)} calls each)")
    print(f"  {'statistics':<14} {statistics.median(stats):7.1f}ms {_p95(stats):7.1f}ms")
    print(f"  {'ledger page':<14} {statistics.median(page):7.1f}ms {_p95(page):7.1f}ms")
    print(f"  statistics / ledger page: p50 x{statistics.median(stats) / statistics.median(page):.2f}, "
          f"p95 x{_p95(stats) / _p95(page):.2f}")
    ok = _p95(stats) <= TARGET_P95_MS
    print(f"  statistics p95 target <= {TARGET_P95_MS:.0f} ms: {'OK' if ok else 'MISSED'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=200, help="calls of each endpoint")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as folder:
        ok &= run("SQLite", f"sqlite:///{Path(folder) / 'bench.db'}", args.rows, args.calls)
    pg_url = os.environ.get("ELDERSAFE_BENCH_PG_URL")
    if pg_url:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        name = f"dashboard_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            ok &= run("PostgreSQL", make_url(pg_url).set(database=name).render_as_string(hide_password=False),
                      args.rows, args.calls)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    print("\nall targets met" if ok else "\nsome targets MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
