"""Starting the platform's apps as real processes for a benchmark: free loopback ports, uvicorn, readiness.

Shared by ``bench/gateway`` and ``bench/tips`` (each puts ``bench/`` on ``sys.path`` to import it)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(args: list[str], env: dict[str, str]) -> None:
    """Run a Python module or script to completion (migrations, seeding)."""
    subprocess.run([PYTHON, *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def start(app: str, port: int, env: dict[str, str], log: Path, workers: int = 1) -> subprocess.Popen[bytes]:
    """An ASGI app under uvicorn on loopback, without access log, its output in ``log``."""
    command = [PYTHON, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
               "--log-level", "warning", "--workers", str(workers)]
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def wait_ready(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 (loopback URL built here)
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")
