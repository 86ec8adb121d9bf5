"""The crash point kills the process once, and production settings refuse to start with one set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from eldersafe_common.faults import CRASH_AT

SCRIPT = "from eldersafe_common.faults import crash_point; crash_point('here'); crash_point('elsewhere'); print('ran')"


def run(env_value: str | None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != CRASH_AT}
    if env_value is not None:
        env[CRASH_AT] = env_value
    return subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=False)


def test_crash_point_kills_once_then_lets_the_restart_through(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    first = run(f"here@{marker}")
    assert first.returncode == -9 and first.stdout == "" and marker.exists()
    second = run(f"here@{marker}")
    assert second.returncode == 0 and second.stdout.strip() == "ran"


def test_unset_or_other_point_does_nothing(tmp_path: Path) -> None:
    assert run(None).stdout.strip() == "ran"
    assert run(f"nowhere@{tmp_path / 'm'}").stdout.strip() == "ran"
    assert not (tmp_path / "m").exists()


def test_production_refuses_a_crash_point(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pydantic import ValidationError

    from eldersafe_common.settings import ServiceSettings

    monkeypatch.setenv("ELDERSAFE_ENVIRONMENT", "production")
    monkeypatch.setenv("ELDERSAFE_DATABASE_URL", "postgresql+psycopg://u:p@db/eldersafe")
    monkeypatch.setenv("ELDERSAFE_JWT_PUBLIC_KEY_PATH", str(tmp_path / "public.pem"))
    monkeypatch.setenv(CRASH_AT, "x@/tmp/never")
    with pytest.raises(ValidationError, match=f"{CRASH_AT} is for tests only"):
        ServiceSettings()
