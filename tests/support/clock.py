"""Running the suite at a chosen China time of day (CI: 00:30 and 23:30, when the UTC date is another day)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from eldersafe_common import clock


def offset_days_to(china_time: str) -> float:
    """Days to add to the real clock so that the business clock reads ``HH:MM`` in China next."""
    wanted = time.fromisoformat(china_time)
    real = clock.wall_now().astimezone(clock.CHINA)
    target = datetime.combine(real.date(), wanted, tzinfo=clock.CHINA)
    if target <= real:
        target += timedelta(days=1)
    return (target - real).total_seconds() / 86400
