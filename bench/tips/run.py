"""Public tip intake benchmark: accepted tips per second and latency, through the gateway, direct to the
inspection service, and against a bare FastAPI endpoint, with the same client and concurrency in one run.

Starts the inspection service, the gateway (its per-IP public-tip limit raised, since every request here comes
from one loopback address) and the bare endpoint as uvicorn processes on free loopback ports, with a fresh SQLite
database in a temporary directory; then posts multipart tips (no photos unless --photo) and prints tips/s and
p50/p95/p99 per target and round. Exits non-zero if any tip was not accepted (201).

    .venv/bin/python bench/tips/run.py
    .venv/bin/python bench/tips/run.py --concurrency 16 --requests 2000 --rounds 3 --scrypt-n 4096
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
PYTHONPATH = os.pathsep.join(str(ROOT / p) for p in ("libs/common", "gateway", "services/inspection", "bench/tips"))

sys.path.insert(0, str(ROOT / "bench"))
from processes import free_port, run, start, wait_ready  # noqa: E402

PATH = "/api/inspection/public/tips"
BOUNDARY = "----eldersafe-bench-boundary"
WORDS = ["消防通道", "被杂物堵塞", "灭火器过期", "夜间无人值守", "厨房卫生差", "饭菜变质", "护理员打骂老人",
         "房屋墙体开裂", "无证经营", "电线私拉乱接", "烟感报警器损坏", "安全出口上锁", "老人摔倒无人管"]










def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, user + system CPU seconds) of a process, from /proc (Linux)."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2:].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(root: int) -> float:
    """CPU time used so far by ``root`` and its descendants (uvicorn's worker processes), 0 off Linux."""
    stats = {int(entry.name): _stat(int(entry.name)) for entry in Path("/proc").glob("[0-9]*")}
    children: dict[int, list[int]] = {}
    for pid, stat in stats.items():
        if stat is not None:
            children.setdefault(stat[0], []).append(pid)
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        stat = stats.get(pid)
        total += stat[1] if stat else 0.0
        todo.extend(children.get(pid, []))
    return total


def seed_targets(env: dict[str, str], count: int) -> list[str]:
    """Facilities in inspection's own copy (what registry events would have filled)."""
    ids = [str(uuid.uuid4()) for _ in range(count)]
    subprocess.run([PYTHON, str(HERE / "seed_targets.py"), *ids], env=env, cwd=ROOT, check=True)
    return ids


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 80, 40)).save(out, format="PNG")
    return out.getvalue()


def multipart(fields: dict[str, str], photo: bytes | None) -> bytes:
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    if photo is not None:
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="photos"; filename="p.png"\r\n'
                     "Content-Type: image/png\r\n\r\n".encode() + photo + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def requests_for(port: int, facilities: list[str], count: int, photo: bytes | None) -> list[bytes]:
    """Varied tips (a quarter without a facility), so duplicate detection sees realistic candidates."""
    rng = random.Random(port)
    out = []
    for _ in range(count):
        fields = {"category": rng.choice(["fire", "food", "abuse_neglect", "building", "unlicensed", "other"]),
                  "description": "，".join(rng.sample(WORDS, 4)) + "。"}
        if rng.random() < 0.25:
            fields["location"] = f"和平路{rng.randint(1, 300)}号附近"
        else:
            fields["facility_id"] = rng.choice(facilities)
        body = multipart(fields, photo)
        head = (f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {len(body)}\r\n"
                "Accept: application/json\r\n\r\n").encode()
        out.append(head + body)
    return out


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return status


async def load(port: int, bodies: list[bytes], *, concurrency: int, requests: int, warmup: int,
               max_seconds: float) -> dict[str, float]:
    """A minimal keep-alive HTTP/1.1 client, so that the servers, not the client, are measured."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    remaining = requests + warmup
    deadline = time.perf_counter() + max_seconds
    measured_start: list[float] = []

    async def worker() -> None:
        nonlocal remaining
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while remaining > 0 and time.perf_counter() < deadline:
                remaining -= 1
                measured = remaining < requests
                if measured and not measured_start:
                    measured_start.append(time.perf_counter())
                started = time.perf_counter()
                writer.write(bodies[remaining % len(bodies)])
                status = await _read_response(reader)
                if measured:
                    statuses[status] = statuses.get(status, 0) + 1
                    latencies.append(time.perf_counter() - started)
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - measured_start[0]
    latencies.sort()
    count = len(latencies)
    pick = lambda q: latencies[min(count - 1, int(q * count))] * 1000  # noqa: E731
    return {"requests": count, "accepted": statuses.get(201, 0), "errors": count - statuses.get(201, 0),
            "rps": statuses.get(201, 0) / elapsed, "p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99),
            "mean": statistics.fmean(latencies) * 1000, "statuses": str(statuses)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--requests", type=int, default=2000, help="measured tips per target and round")
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--max-seconds", type=float, default=30.0, help="time cap per target and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--facilities", type=int, default=200)
    parser.add_argument("--scrypt-n", type=int, default=None, help="INSPECTION_TIP_RECEIPT_SCRYPT_N (default: the "
                        "service's own)")
    parser.add_argument("--photo", action="store_true", help="send one 640×480 PNG with every tip")
    parser.add_argument("--targets", default="bare,direct,gateway")
    parser.add_argument("--inspection-workers", type=int, default=1, help="uvicorn worker processes of the "
                        "inspection service (the gateway and the bare endpoint run one each)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="eldersafe-bench-tips-") as tmp, ExitStack() as stack:
        tmpdir = Path(tmp)
        env = {**os.environ, "PYTHONPATH": PYTHONPATH, "ELDERSAFE_ENVIRONMENT": "development",
               "ELDERSAFE_DATABASE_URL": f"sqlite:///{tmpdir / 'bench.db'}",
               "ELDERSAFE_JWT_PRIVATE_KEY_PATH": str(tmpdir / "jwt-private.pem"),
               "ELDERSAFE_JWT_PUBLIC_KEY_PATH": str(tmpdir / "jwt-public.pem"),
               "INSPECTION_PHOTO_DIR": str(tmpdir / "photos"), "ELDERSAFE_LOG_LEVEL": "WARNING"}
        if args.scrypt_n:
            env["INSPECTION_TIP_RECEIPT_SCRYPT_N"] = str(args.scrypt_n)
        run(["-m", "eldersafe_gateway.keys"], env)
        run(["-m", "eldersafe_gateway.migrate"], env)
        run(["-m", "eldersafe_inspection.migrate"], env)
        facilities = seed_targets(env, args.facilities)
        ports = {"bare": free_port(), "direct": free_port(), "gateway": free_port()}
        pids: dict[str, int] = {}
        # Every request comes from 127.0.0.1, so the per-IP public limits are raised out of the way.
        gateway_env = {**env, "GATEWAY_INSPECTION_URL": f"http://127.0.0.1:{ports['direct']}",
                       "GATEWAY_PUBLIC_TIP_RATE_PER_MINUTE": "100000000", "GATEWAY_PUBLIC_TIP_BURST": "100000000"}
        for name, app, app_env in (("bare", "bare_app:app", env), ("direct", "eldersafe_inspection.main:app", env),
                                   ("gateway", "eldersafe_gateway.main:app", gateway_env)):
            workers = args.inspection_workers if name == "direct" else 1
            proc = start(app, ports[name], app_env, tmpdir / f"{name}.log", workers)
            pids[name] = proc.pid
            stack.callback(proc.wait, 10)
            stack.callback(proc.terminate)
        for port in ports.values():
            wait_ready(f"http://127.0.0.1:{port}/healthz")

        photo = png() if args.photo else None
        names = [name for name in args.targets.split(",") if name]
        results: dict[str, list[dict[str, float]]] = {name: [] for name in names}
        for round_ in range(args.rounds):
            for name in names:
                bodies = requests_for(ports[name], facilities, 500, photo)
                # CPU of the processes a tip passes through (the gateway's includes only its own forwarding).
                measured = {"service": pids["direct" if name == "gateway" else name]}
                if name == "gateway":
                    measured["gateway"] = pids["gateway"]
                before = {key: cpu_seconds(pid) for key, pid in measured.items()}
                outcome = asyncio.run(load(ports[name], bodies, concurrency=args.concurrency,
                                           requests=args.requests, warmup=args.warmup,
                                           max_seconds=args.max_seconds))
                served = max(1, outcome["requests"] + args.warmup)
                cpu = {key: (cpu_seconds(pid) - before[key]) * 1000 / served for key, pid in measured.items()}
                outcome.update({f"cpu_{key}": value for key, value in cpu.items()})
                results[name].append(outcome)
                print(f"  round {round_ + 1} load {os.getloadavg()[0]:4.1f} {name:8} {outcome['accepted']:6d} accepted"
                      f"  {outcome['rps']:7.0f} tips/s"
                      f"  p50 {outcome['p50']:6.1f} ms  p95 {outcome['p95']:6.1f} ms  p99 {outcome['p99']:6.1f} ms"
                      f"  CPU {' + '.join(f'{key} {value:.2f}' for key, value in cpu.items())} ms/tip"
                      f"  statuses {outcome['statuses']}", flush=True)

    best = {name: max(runs, key=lambda r: r["rps"]) for name, runs in results.items()}
    print(f"\nPOST {PATH}  concurrency {args.concurrency}  photo {'yes' if args.photo else 'no'}  "
          f"scrypt n {args.scrypt_n or 'service default'}  inspection workers {args.inspection_workers}  "
          f"cpus {os.cpu_count()}  load {os.getloadavg()[0]:.1f}")
    for name, outcome in best.items():
        cpu_text = "  ".join(f"{key} CPU {outcome[key]:.2f} ms/tip" for key in ("cpu_service", "cpu_gateway")
                             if key in outcome)
        print(f"{name:8} {outcome['rps']:7.0f} tips/s  p50 {outcome['p50']:.1f} ms  p95 {outcome['p95']:.1f} ms  "
              f"p99 {outcome['p99']:.1f} ms  {cpu_text}")
    if "gateway" in best:
        ok = best["gateway"]["rps"] >= 200 and best["gateway"]["p99"] <= 250
        print(f"target through the gateway (>= 200 tips/s, p99 <= 250 ms): {'met' if ok else 'NOT met'}")
    return 0 if not any(r["errors"] for runs in results.values() for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
