"""Start the whole platform as real processes (gateway, services, workers) for end-to-end tests.

Each platform gets its own SQLite file (or the PostgreSQL database named by the environment), its own
free loopback ports, and is migrated and seeded with the demo district as ``make run`` does — without the demo
campaign's story unless asked (``demo_campaign=True``): the other end-to-end tests start from a district where
nothing has happened yet.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("registry", "inspection", "rectification", "notification")
# The demo district's campaign, as ``make seed`` plays it (from the checkout's root: ``deploy`` is found there).
DEMO_CAMPAIGN = [sys.executable, "-m", "deploy.demo.campaign"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Platform:
    workdir: Path
    env: dict[str, str]
    ports: dict[str, int]
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}"

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def _command(self, name: str) -> list[str]:
        if name.endswith("_worker"):
            return [sys.executable, "-m", f"eldersafe_{name.removesuffix('_worker')}.worker"]
        module = f"eldersafe_{name}.main:app"
        return [sys.executable, "-m", "uvicorn", module, "--host", "127.0.0.1", "--port", str(self.ports[name]),
                "--no-access-log", "--log-level", "warning"]

    def start(self, name: str) -> None:
        log = (self.workdir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            self._command(name), env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )

    def kill(self, name: str) -> None:
        """Stop a process abruptly (SIGKILL), as a crash would."""
        process = self.processes.pop(name)
        process.kill()
        process.wait(timeout=10)

    def stop(self, name: str) -> None:
        process = self.processes.pop(name)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        pending = list(self.ports)
        while pending and time.monotonic() < deadline:
            for name in list(pending):
                process = self.processes.get(name)
                if process is not None and process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}: {self.log(name)[-2000:]}")
                try:
                    if httpx.get(f"{self.url(name)}/healthz", timeout=1).status_code == 200:
                        pending.remove(name)
                except httpx.HTTPError:
                    pass
            time.sleep(0.2)
        if pending:
            raise RuntimeError(f"not healthy after {timeout}s: {pending}")
        # Workers have no port to probe: a worker that crashed on start-up shows as an exited process.
        time.sleep(0.5)
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}: {self.log(name)[-2000:]}")

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def login(self, username: str, password: str = "Demo@2026!") -> str:
        response = httpx.post(f"{self.base_url}/api/auth/login", json={"username": username, "password": password})
        response.raise_for_status()
        return str(response.json()["access_token"])


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


def _run_parallel(commands: list[list[str]], env: dict[str, str]) -> None:
    running = [(args, subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
               for args in commands]
    failed = []
    for args, process in running:
        output, _ = process.communicate()
        if process.returncode != 0:
            failed.append(f"{' '.join(args)} failed:\n{output.decode(errors='replace')}")
    if failed:
        raise RuntimeError("\n".join(failed))


@contextmanager
def running_platform(workdir: Path, *, database_url: str | None = None, workers: bool = True,
                     demo_campaign: bool = False, env: Mapping[str, str] | None = None) -> Iterator[Platform]:
    """Migrate, seed and start everything; stop every process afterwards. ``env`` overrides the processes'
    environment (e.g. a platform with its own clock file or mail server)."""
    workdir.mkdir(parents=True, exist_ok=True)
    ports = {"gateway": free_port(), **{name: free_port() for name in SERVICES}}
    environment = {
        # Every test caller is 127.0.0.1 to one long-lived gateway: its per-address limits on the public
        # tip-off paths would make the suites' order matter (set in the environment to test them here).
        **{f"GATEWAY_{kind}_BURST": "100000" for kind in ("PUBLIC_TIP", "PUBLIC_RECEIPT", "OPEN311_POST",
                                                          "PUBLIC_READ")},
        **os.environ,
        "ELDERSAFE_ENVIRONMENT": "test",
        "ELDERSAFE_DATABASE_URL": database_url or f"sqlite:///{workdir / 'platform.db'}",
        "PYTHONUNBUFFERED": "1",
        # This checkout's packages first, whatever the virtual environment's .pth points at (a second worktree).
        "PYTHONPATH": os.pathsep.join(str(ROOT / folder) for folder in (
            "libs/common", "gateway", *(f"services/{name}" for name in SERVICES))),
        **{f"GATEWAY_{name.upper()}_URL": f"http://127.0.0.1:{ports[name]}" for name in SERVICES},
        # Rectification reads the roster from the registry over HTTP (relocation); inspection checks areas there.
        "RECTIFICATION_REGISTRY_URL": f"http://127.0.0.1:{ports['registry']}",
        "INSPECTION_REGISTRY_URL": f"http://127.0.0.1:{ports['registry']}",
    }
    if env:
        environment.update(env)
    # The gateway's migration applies the shared events history first; the services' histories are
    # independent of each other and run side by side (each Python start-up costs about two seconds).
    _run([sys.executable, "-m", "eldersafe_gateway.migrate"], environment)
    _run_parallel([[sys.executable, "-m", f"eldersafe_{name}.migrate"] for name in SERVICES], environment)
    _run_parallel([[sys.executable, "-m", f"eldersafe_{name}.seed"] for name in ("registry", "inspection", "gateway")],
                  environment)
    if demo_campaign:
        _run(DEMO_CAMPAIGN, environment)
    platform = Platform(workdir=workdir, env=environment, ports=ports)
    try:
        for name in ("gateway", *SERVICES):
            platform.start(name)
            if workers and name != "gateway":
                platform.start(f"{name}_worker")
        platform.wait_healthy()
        yield platform
    finally:
        platform.stop_all()
