"""The one clock: China dates, a business clock that development can move, real time where safety needs it."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from eldersafe_common import clock
from eldersafe_common.settings import ServiceSettings


@pytest.fixture
def clock_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "clock.json"
    monkeypatch.setenv(clock.FILE_ENV, str(path))
    monkeypatch.delenv(clock.OFFSET_ENV, raising=False)
    monkeypatch.setenv("ELDERSAFE_ENVIRONMENT", "test")
    return path


def test_china_today_is_the_date_in_china_not_in_utc() -> None:
    half_past_midnight = datetime(2026, 12, 7, 16, 30, tzinfo=UTC)  # 00:30 on the 8th in China
    assert clock.china_today(half_past_midnight) == date(2026, 12, 8)
    assert clock.china_today(datetime(2026, 12, 7, 15, 30, tzinfo=UTC)) == date(2026, 12, 7)  # 23:30 in China
    assert clock.china_now(half_past_midnight).isoformat() == "2026-12-08T00:30:00+08:00"
    with pytest.raises(ValueError, match="aware"):
        clock.china_today(datetime(2026, 12, 7, 16, 30))


def test_an_unmoved_clock_is_the_real_time(clock_file: Path) -> None:
    assert clock.offset() == timedelta(0)
    assert abs((clock.now() - clock.wall_now()).total_seconds()) < 1
    assert clock.status()["moved"] is False


def test_the_offset_comes_from_the_environment_and_the_file_together(clock_file: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.OFFSET_ENV, "1.5")
    assert clock.offset() == timedelta(days=1.5)
    clock.advance(days=10)
    assert json.loads(clock_file.read_text()) == {"offset_seconds": 864000}
    assert clock.offset() == timedelta(days=11.5)
    assert (clock.now() - clock.wall_now()).total_seconds() == pytest.approx(11.5 * 86400, abs=1)
    assert clock.status()["offset_days"] == 11.5 and clock.status()["moved"] is True


def test_every_reader_sees_a_moved_file_at_once(clock_file: Path) -> None:
    before = clock.china_today()
    clock.advance(days=3)
    assert clock.china_today() == before + timedelta(days=3)
    clock.advance(days=2)  # the file changes again: re-read, not cached
    assert clock.china_today() == before + timedelta(days=5)
    clock.write_offset(0)
    assert clock.china_today() == before


def test_the_clock_only_moves_forward(clock_file: Path) -> None:
    with pytest.raises(ValueError, match="forward"):
        clock.advance(days=-1)


def test_an_unreadable_file_counts_as_no_offset(clock_file: Path) -> None:
    clock_file.write_text("not json")
    assert clock.offset() == timedelta(0)


def test_production_never_moves_and_refuses_an_offset_at_start(clock_file: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    clock.advance(days=10)
    monkeypatch.setenv("ELDERSAFE_ENVIRONMENT", "production")
    assert clock.offset() == timedelta(0)  # the file is not read in production
    assert any("clock file" in problem for problem in clock.production_problems())
    with pytest.raises(ValueError, match="clock file"):
        ServiceSettings(environment="production")
    monkeypatch.setenv(clock.OFFSET_ENV, "2")
    assert any(clock.OFFSET_ENV in problem for problem in clock.production_problems())
    with pytest.raises(RuntimeError, match="production"):
        clock.write_offset(0)


def test_a_waiting_worker_wakes_when_the_clock_is_moved(clock_file: Path) -> None:
    stop = threading.Event()
    started = time.monotonic()
    threading.Timer(0.2, lambda: clock.advance(days=1)).start()
    assert clock.wait(stop, 30, interval=0.05) is False
    assert time.monotonic() - started < 5
    threading.Timer(0.1, stop.set).start()
    assert clock.wait(stop, 30, interval=0.05) is True


def test_on_move_calls_back_for_each_move(clock_file: Path) -> None:
    stop = threading.Event()
    moved = threading.Event()
    clock.on_move(stop, moved.set, interval=0.05)
    time.sleep(0.1)
    assert not moved.is_set()
    clock.advance(days=1)
    assert moved.wait(5)
    stop.set()


def test_the_command_moves_shows_and_resets(clock_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert clock.main(["--days", "10"]) == 0
    assert "10.0 days ahead" in capsys.readouterr().out
    target = (clock.china_now() + timedelta(days=2)).replace(tzinfo=None, microsecond=0)
    clock.main(["--to", target.isoformat()])
    assert abs(clock.china_now().replace(tzinfo=None) - target) < timedelta(seconds=5)
    clock.main(["--reset"])
    assert clock.offset() == timedelta(0)
    with pytest.raises(SystemExit):
        clock.main(["--to", "2000-01-01T00:00"])
