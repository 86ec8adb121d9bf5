"""Gateway proxy benchmark: the same GET list call, direct to the service and through the gateway.

Starts the upstream (the registry by default) and the gateway as separate uvicorn processes on free
loopback ports with a temporary SQLite database (migrated and seeded) and key pair, then drives both
with the same keep-alive client at the same concurrency and prints requests/s, p50/p95/p99 and the ratio.

    .venv/bin/python bench/gateway/run.py                       # registry service, facilities list
    .venv/bin/python bench/gateway/run.py --upstream-app fake_registry:app
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
PYTHONPATH = os.pathsep.join(str(ROOT / p) for p in ("libs/common", "gateway", "services/registry", "bench/gateway"))

sys.path.insert(0, str(ROOT / "bench"))
from processes import free_port, run, start, wait_ready  # noqa: E402


def login(gateway: str, password: str) -> str:
    body = json.dumps({"username": "admin", "password": password}).encode()
    request = urllib.request.Request(f"{gateway}/api/auth/login", data=body,  # noqa: S310 (loopback)
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback URL built here)
        return str(json.load(response)["access_token"])


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = None
    chunked = False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status


async def load(port: int, path: str, token: str, *, concurrency: int, requests: int, max_seconds: float,
               warmup: int) -> dict[str, float]:
    """A minimal HTTP/1.1 keep-alive client: light enough that the servers, not the client, are measured."""
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
               "Accept: application/json\r\n\r\n").encode()
    latencies: list[float] = []
    errors = 0
    remaining = requests + warmup
    deadline = 0.0

    async def worker() -> None:
        nonlocal remaining, errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while remaining > 0 and time.perf_counter() < deadline:
                remaining -= 1
                measured = remaining < requests
                started = time.perf_counter()
                writer.write(request)
                status = await _read_response(reader)
                if status != 200:
                    errors += 1
                if measured:
                    latencies.append(time.perf_counter() - started)
        finally:
            writer.close()

    deadline = time.perf_counter() + max_seconds
    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    latencies.sort()
    count = len(latencies)
    # throughput over the measured requests only: warm-up share of the time is removed proportionally
    rps = count / (elapsed * count / (count + min(warmup, count + warmup)))
    pick = lambda q: latencies[min(count - 1, int(q * count))] * 1000  # noqa: E731
    return {"requests": count, "errors": errors, "rps": rps, "p50": pick(0.50), "p95": pick(0.95),
            "p99": pick(0.99), "mean": statistics.fmean(latencies) * 1000}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--upstream-app", default="eldersafe_registry.main:app",
                        help="module:attr of the service app (default: the registry)")
    parser.add_argument("--path", default="/api/registry/facilities?page_size=20")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--requests", type=int, default=4000, help="measured requests per target and round")
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--max-seconds", type=float, default=30.0, help="time cap per target and round")
    parser.add_argument("--rounds", type=int, default=2, help="direct/gateway pairs, interleaved")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="eldersafe-bench-") as tmp, ExitStack() as stack:
        tmpdir = Path(tmp)
        env = {**os.environ, "PYTHONPATH": PYTHONPATH, "ELDERSAFE_ENVIRONMENT": "development",
               "ELDERSAFE_DATABASE_URL": f"sqlite:///{tmpdir / 'bench.db'}",
               "ELDERSAFE_JWT_PRIVATE_KEY_PATH": str(tmpdir / "jwt-private.pem"),
               "ELDERSAFE_JWT_PUBLIC_KEY_PATH": str(tmpdir / "jwt-public.pem"),
               "ELDERSAFE_LOG_LEVEL": "WARNING"}
        run(["-m", "eldersafe_gateway.keys"], env)
        run(["-m", "eldersafe_gateway.migrate"], env)
        run(["-m", "eldersafe_gateway.seed"], env)
        if args.upstream_app.startswith("eldersafe_registry"):
            run(["-m", "eldersafe_registry.migrate"], env)
            run(["-m", "eldersafe_registry.seed"], env)
        upstream_port, gateway_port = free_port(), free_port()
        gateway_env = {**env, "GATEWAY_REGISTRY_URL": f"http://127.0.0.1:{upstream_port}"}
        for proc in (start(args.upstream_app, upstream_port, env, tmpdir / "upstream.log"),
                     start("eldersafe_gateway.main:app", gateway_port, gateway_env, tmpdir / "gateway.log")):
            stack.callback(proc.wait, 10)
            stack.callback(proc.terminate)
        wait_ready(f"http://127.0.0.1:{upstream_port}/healthz")
        wait_ready(f"http://127.0.0.1:{gateway_port}/healthz")
        district = json.loads((ROOT / "deploy/demo/district.json").read_text(encoding="utf-8"))
        token = login(f"http://127.0.0.1:{gateway_port}", district["demo_password"])

        results: dict[str, list[dict[str, float]]] = {"direct": [], "gateway": []}
        for _ in range(args.rounds):
            for name, port in (("direct", upstream_port), ("gateway", gateway_port)):
                outcome = asyncio.run(load(port, args.path, token, concurrency=args.concurrency,
                                           requests=args.requests, max_seconds=args.max_seconds,
                                           warmup=args.warmup))
                results[name].append(outcome)
                print(f"  {name:8} {outcome['requests']:6d} req  {outcome['rps']:8.0f} req/s  "
                      f"p50 {outcome['p50']:6.2f} ms  p95 {outcome['p95']:6.2f} ms  p99 {outcome['p99']:6.2f} ms  "
                      f"errors {outcome['errors']}", flush=True)

    best = {name: max(runs, key=lambda r: r["rps"]) for name, runs in results.items()}
    print(f"\nupstream {args.upstream_app}  GET {args.path}  concurrency {args.concurrency}")
    for name, outcome in best.items():
        print(f"{name:8} {outcome['rps']:8.0f} req/s  p50 {outcome['p50']:.2f} ms  p95 {outcome['p95']:.2f} ms  "
              f"p99 {outcome['p99']:.2f} ms")
    ratio = best["gateway"]["rps"] / best["direct"]["rps"]
    print(f"gateway/direct throughput ratio: {ratio:.2f} (target >= 0.50)")
    return 0 if not any(r["errors"] for runs in results.values() for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
