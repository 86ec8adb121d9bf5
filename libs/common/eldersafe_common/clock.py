"""The district's clock: China Standard Time (UTC+8, no daylight saving). Deadlines, phase dates, case-number
years and payout dates are the district's calendar days, whatever zone a server runs in."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

CHINA = timezone(timedelta(hours=8))


def china_today(now: datetime) -> date:
    """The date in China at ``now`` (an aware datetime): "today" for deadlines."""
    return now.astimezone(CHINA).date()
