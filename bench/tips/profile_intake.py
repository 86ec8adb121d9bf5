"""CPU time per accepted tip inside the inspection process, by component (no network, no other process).

Calls the ASGI app directly, one tip at a time, in a fresh SQLite database (or ``--database-url``), and prints
the CPU time (``time.process_time``: every thread of this process) per tip for the whole request and for the
parts timed separately: the intake's functions (``prepare_tip``: checks, photos, receipt; ``record_tip``: the
statements), the receipt's scrypt, the commit, and the rest (uvicorn excluded: HTTP parsing, routing, form,
dependencies and worker-thread hops, response).
With ``--profile`` it also prints cProfile's top functions by cumulative time over the measured tips.

    .venv/bin/python bench/tips/profile_intake.py                 # 1,000 tips after 200 warm-up
    .venv/bin/python bench/tips/profile_intake.py --profile --requests 500
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import PATH, PYTHON, PYTHONPATH, ROOT, requests_for  # noqa: E402


def _env(tmpdir: Path, database_url: str | None) -> dict[str, str]:
    return {"PYTHONPATH": PYTHONPATH, "ELDERSAFE_ENVIRONMENT": "development",
            "ELDERSAFE_DATABASE_URL": database_url or f"sqlite:///{tmpdir / 'bench.db'}",
            "ELDERSAFE_JWT_PRIVATE_KEY_PATH": str(tmpdir / "jwt-private.pem"),
            "ELDERSAFE_JWT_PUBLIC_KEY_PATH": str(tmpdir / "jwt-public.pem"),
            "INSPECTION_PHOTO_DIR": str(tmpdir / "photos"), "ELDERSAFE_LOG_LEVEL": "WARNING"}


def _split(raw: bytes) -> tuple[list[tuple[bytes, bytes]], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    headers = []
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        headers.append((name.strip().lower(), value.strip()))
    return headers, body


async def _call(app: object, headers: list[tuple[bytes, bytes]], body: bytes) -> int:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": PATH, "raw_path": PATH.encode(), "query_string": b"", "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 40000), "server": ("127.0.0.1", 8102), "state": {}}
    sent = False
    status = 0

    async def receive() -> dict[str, object]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, object]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])  # type: ignore[call-overload]

    await app(scope, receive, send)  # type: ignore[operator]
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--facilities", type=int, default=200)
    parser.add_argument("--database-url", default=None, help="an empty database to migrate (default: SQLite)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="eldersafe-profile-tips-") as tmp:
        tmpdir = Path(tmp)
        env = _env(tmpdir, args.database_url)
        os.environ.update(env)
        sys.path[:0] = PYTHONPATH.split(os.pathsep)
        for module in ("eldersafe_gateway.keys", "eldersafe_inspection.migrate"):
            subprocess.run([PYTHON, "-m", module], env={**os.environ}, cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
        facilities = [str(uuid.uuid4()) for _ in range(args.facilities)]
        subprocess.run([PYTHON, str(HERE / "seed_targets.py"), *facilities], env={**os.environ}, cwd=ROOT,
                       check=True)

        import sqlalchemy.orm

        from eldersafe_inspection.main import app
        from eldersafe_inspection.tipoffs.tips import intake, receipts

        timers: dict[str, float] = {}

        def timed(name: str, func):  # type: ignore[no-untyped-def]
            def wrapper(*a, **k):  # type: ignore[no-untyped-def]
                started = time.process_time()
                try:
                    return func(*a, **k)
                finally:
                    timers[name] = timers.get(name, 0.0) + time.process_time() - started
            return wrapper

        # The web form runs prepare_tip then record_tip; older trees had one submit_tip.
        for name in ("submit_tip", "prepare_tip", "record_tip"):
            if hasattr(intake, name):
                setattr(intake, name, timed(f"intake.{name}", getattr(intake, name)))
        receipts.receipt_hash = timed("receipts.receipt_hash", receipts.receipt_hash)  # type: ignore[method-assign]
        sqlalchemy.orm.Session.commit = timed("commit", sqlalchemy.orm.Session.commit)  # type: ignore[method-assign]

        raws = requests_for(8102, facilities, 500, None)
        calls = [_split(raw) for raw in raws]

        async def drive(count: int, offset: int) -> None:
            for index in range(count):
                headers, body = calls[(offset + index) % len(calls)]
                status = await _call(app, headers, body)
                if status != 201:
                    raise SystemExit(f"tip refused with {status}")

        async def both() -> tuple[float, float]:
            await drive(args.warmup, 0)
            timers.clear()
            profiler = cProfile.Profile() if args.profile else None
            cpu, wall = time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            await drive(args.requests, args.warmup)
            if profiler:
                profiler.disable()
                pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(args.top)
            return time.process_time() - cpu, time.perf_counter() - wall

        cpu, wall = asyncio.run(both())
        per = 1000 / args.requests
        print(f"{args.requests} tips: CPU {cpu * per:.2f} ms/tip (wall {wall * per:.2f} ms/tip), "
              f"load {os.getloadavg()[0]:.1f}{' (profiled: slower)' if args.profile else ''}")
        intake_total = sum(value for key, value in timers.items() if key.startswith("intake."))
        for key, value in sorted(timers.items()):
            print(f"  {key:24} {value * per:.2f} ms/tip")
        print(f"  {'rest (HTTP, framework)':24} {(cpu - intake_total - timers.get('commit', 0.0)) * per:.2f} ms/tip")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
