"""The platform's one clock: China Standard Time (UTC+8, no daylight saving), and a clock you can move.

Every "now" and "today" a rule uses comes from here: deadlines, phase dates, case-number years, payout dates
and printed times are the district's calendar days, whatever zone a server runs in.

Two kinds of time:

* :func:`now` / :func:`china_now` / :func:`china_today` — the *business* clock. In development and tests it
  can be moved forward (``ELDERSAFE_CLOCK_OFFSET_DAYS``, plus the offset in the clock file that ``make
  advance`` writes), so that a newcomer can watch reminders, overdue stages, escalations and follow-up visits
  happen in minutes. Every service and worker reads the same file, so one command moves them all at once.
* :func:`wall_now` — the real time, for what protects or runs the platform rather than the campaign: token and
  refresh-token lifetimes, lockouts, scheduler leases, the event log's ``recorded_at`` (the consumers' grace).
  Moving the demo forward must not log everybody out or let a lease outlive its holder.

Production never moves: the file is not read and :func:`production_problems` refuses an offset at start-up.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

CHINA = timezone(timedelta(hours=8))
OFFSET_ENV = "ELDERSAFE_CLOCK_OFFSET_DAYS"
FILE_ENV = "ELDERSAFE_CLOCK_FILE"
_DEFAULT_FILE = Path(__file__).resolve().parents[3] / "var" / "clock.json"
# How often a waiting worker looks at the clock file (seconds): a moved clock is noticed within this.
WATCH_INTERVAL = 1.0


def wall_now() -> datetime:
    """The real time, aware, in UTC: for tokens, leases and the event log, never for a campaign's rules."""
    return datetime.now(UTC)


def _production() -> bool:
    return os.environ.get("ELDERSAFE_ENVIRONMENT") == "production"


def clock_file() -> Path:
    """Where the moved offset is kept (``ELDERSAFE_CLOCK_FILE``, default ``var/clock.json``)."""
    return Path(os.environ.get(FILE_ENV) or _DEFAULT_FILE)


def _env_days() -> float:
    raw = os.environ.get(OFFSET_ENV, "").strip()
    if not raw:
        return 0.0
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{OFFSET_ENV} must be a number of days, not {raw!r}") from exc


class _FileOffset:
    """The file's offset, re-read only when the file changes (one ``stat`` a call: about a microsecond)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[str, int, int] | None = None
        self._seconds = 0.0

    def seconds(self) -> float:
        path = clock_file()
        try:
            stat = path.stat()
        except OSError:
            return 0.0
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if key != self._key:
                self._seconds, self._key = read_file_seconds(path), key
            return self._seconds


_file_offset = _FileOffset()


def read_file_seconds(path: Path) -> float:
    """The offset stored in ``path`` in seconds; a missing or unreadable file counts as none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return float(data.get("offset_seconds", 0))
    except (OSError, ValueError, AttributeError, TypeError):
        return 0.0


def offset() -> timedelta:
    """How far the business clock runs ahead of the real one (always zero in production)."""
    if _production():
        return timedelta(0)
    return timedelta(days=_env_days(), seconds=_file_offset.seconds())


def now() -> datetime:
    """The business "now", aware, in UTC."""
    return wall_now() + offset()


def china_now(at: datetime | None = None) -> datetime:
    """``at`` (default: now) in China time, with its +08:00 offset: what is shown, printed and exported."""
    return (at or now()).astimezone(CHINA)


def china_today(at: datetime | None = None) -> date:
    """The date in China at ``at`` (an aware datetime; default: now): "today" for deadlines."""
    if at is not None and at.tzinfo is None:
        raise ValueError("china_today needs an aware datetime")
    return china_now(at).date()


def china_midnight(day: date) -> datetime:
    """The instant a China calendar day begins (aware)."""
    return datetime(day.year, day.month, day.day, tzinfo=CHINA)


def production_problems() -> list[str]:
    """A moved clock is for development and tests only: production refuses one at start-up."""
    problems = []
    if _env_days():
        problems.append(f"{OFFSET_ENV} is for development only")
    if read_file_seconds(clock_file()):
        problems.append(f"the clock file {clock_file()} moves time; remove it (development only)")
    return problems


def status() -> dict[str, object]:
    """What ``/healthz`` shows: the offset (zero unless moved) and the business time in China."""
    moved = offset()
    return {"offset_days": round(moved.total_seconds() / 86400, 4), "offset_seconds": int(moved.total_seconds()),
            "now": china_now().isoformat(timespec="seconds"), "moved": bool(moved)}


def _watch_key() -> float:
    return offset().total_seconds()


def wait(stop: threading.Event, seconds: float, *, interval: float = WATCH_INTERVAL) -> bool:
    """Wait up to ``seconds`` for ``stop``, returning early (False) when the clock is moved meanwhile, so a
    periodic check runs at once for the new day; True when ``stop`` was set."""
    start = _watch_key()
    remaining = seconds
    while remaining > 0:
        step = min(interval, remaining)
        if stop.wait(step):
            return True
        remaining -= step
        if _watch_key() != start:
            return False
    return stop.is_set()


def on_move(stop: threading.Event, callback: Callable[[], None], *, interval: float = WATCH_INTERVAL) -> None:
    """Call ``callback`` (in a daemon thread) each time the clock is moved, until ``stop``."""

    def watch() -> None:
        last = _watch_key()
        while not stop.wait(interval):
            current = _watch_key()
            if current != last:
                last = current
                callback()

    threading.Thread(target=watch, name="clock-watch", daemon=True).start()


def write_offset(seconds: float, *, path: Path | None = None) -> Path:
    """Store the file's offset (development only): every process reads it on its next clock call."""
    if _production():
        raise RuntimeError("the clock cannot be moved in production")
    target = path or clock_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps({"offset_seconds": seconds}), encoding="utf-8")
    temporary.replace(target)  # atomic: a reader sees the old offset or the new one, never half a file
    return target


def advance(*, days: float = 0, seconds: float = 0, path: Path | None = None) -> timedelta:
    """Move the business clock forward by ``days`` (+ ``seconds``); returns the new total offset."""
    if days < 0 or seconds < 0:
        raise ValueError("the clock only moves forward (reset it with --reset)")
    target = path or clock_file()
    total = read_file_seconds(target) + days * 86400 + seconds
    write_offset(total, path=target)
    return timedelta(days=_env_days(), seconds=total)


def main(argv: list[str] | None = None) -> int:
    """``python -m eldersafe_common.clock [--days N | --to ISO | --reset | --show]``: move the demo's clock."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m eldersafe_common.clock",
                                     description="Show or move the business clock of a development platform.")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--days", type=float, help="move forward by this many days (fractions allowed)")
    group.add_argument("--to", help="move forward to this China time, e.g. 2027-01-20T09:00")
    group.add_argument("--reset", action="store_true", help="back to the real time (records made ahead stay)")
    group.add_argument("--show", action="store_true", help="print the offset and the business time (default)")
    args = parser.parse_args(argv)
    if args.days is not None:
        advance(days=args.days)
    elif args.to:
        target = datetime.fromisoformat(args.to)
        target = target.replace(tzinfo=CHINA) if target.tzinfo is None else target
        ahead = (target - now()).total_seconds()
        if ahead < 0:
            parser.error(f"{args.to} is before the business time {china_now():%Y-%m-%d %H:%M}")
        advance(seconds=ahead)
    elif args.reset:
        write_offset(0)
    state = status()
    print(f"business time {state['now']} (China), {state['offset_days']} days ahead of the real clock; "
          f"file {clock_file()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
