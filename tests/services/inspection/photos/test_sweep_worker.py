"""The worker's photo sweep against the real engine: its own committed transactions, its thread, its setting."""

import logging
import os
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from eldersafe_inspection import worker
from eldersafe_inspection.deps import get_engine
from eldersafe_inspection.settings import InspectionSettings, get_settings


def _orphans(root: Path) -> tuple[Path, Path]:
    """An old and a young file in the storage's shape that no row holds."""
    old, young = root / "ab" / f"ab{'1' * 62}.jpg", root / "cd" / f"cd{'2' * 62}.png"
    for path in (old, young):
        path.parent.mkdir(parents=True)
        path.write_bytes(b"photo")
    then = time.time() - 25 * 3600
    os.utime(old, (then, then))
    return old, young


def _sweep_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == worker.SWEEP_THREAD and t.is_alive()]


def test_one_sweep_removes_old_orphans_and_logs_counts(migrated: str, tmp_path: Path,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    old, young = _orphans(tmp_path)
    with caplog.at_level(logging.INFO, logger="eldersafe.inspection.periodic"):
        _rows, files = worker.sweep_photos(get_engine(), root=tmp_path, grace=timedelta(hours=24))
    assert (files.removed, files.removed_bytes, files.young) == (1, 5, 1)
    assert not old.exists() and young.exists()
    assert "1 files (5 bytes) removed" in caplog.text


def test_the_worker_thread_sweeps_at_start(migrated: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, young = _orphans(tmp_path)
    monkeypatch.setattr(get_settings(), "photo_dir", tmp_path)
    stop = threading.Event()
    worker.start_periodic(stop)
    (thread,) = _sweep_threads()
    try:
        deadline = time.monotonic() + 10
        while old.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not old.exists() and young.exists()
    assert not thread.is_alive()


def test_a_setting_turns_the_sweep_off(migrated: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, _young = _orphans(tmp_path)
    monkeypatch.setattr(get_settings(), "photo_dir", tmp_path)
    monkeypatch.setattr(get_settings(), "photo_sweep_enabled", False)
    worker.start_periodic(threading.Event())
    assert _sweep_threads() == []
    assert old.exists()


def test_a_failed_sweep_is_logged_and_the_loop_goes_on(monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    stop, calls = threading.Event(), []

    def failing(*_args: object, **_kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            stop.set()
        raise OSError("disk gone")

    monkeypatch.setattr(worker, "sweep_photos", failing)
    with caplog.at_level(logging.ERROR, logger="eldersafe.inspection.periodic"):
        worker.photo_sweep_loop(stop, interval=0.01)
    assert len(calls) == 2 and "photo sweep failed" in caplog.text


@pytest.mark.parametrize("hours", [0, -1, 24 * 366])
def test_the_grace_is_bounded(hours: int) -> None:
    with pytest.raises(ValidationError, match="photo_sweep_grace_hours"):
        InspectionSettings(photo_sweep_grace_hours=hours)


def test_the_defaults() -> None:
    settings = InspectionSettings()
    assert (settings.photo_sweep_enabled, settings.photo_sweep_grace_hours) == (True, 24)
