"""SMS quiet hours (China time): non-major SMS inside the window are held until it ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlmodel import Session

from eldersafe_common.clock import CHINA

from ..rules import repository as rules_repository
from ..settings import get_settings


@dataclass(frozen=True)
class QuietWindow:
    start: time
    end: time

    def until(self, now: datetime) -> datetime | None:
        """When the window that ``now`` lies in ends (UTC), or None outside it. start == end: no quiet hours."""
        local = now.astimezone(CHINA)
        moment = local.time().replace(tzinfo=None)
        if self.start == self.end:
            return None
        inside = (self.start <= moment < self.end if self.start < self.end
                  else moment >= self.start or moment < self.end)
        if not inside:
            return None
        end = local.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        if end <= local:
            end += timedelta(days=1)
        return end.astimezone(now.tzinfo)


def _clock(value: str) -> time:
    hours, _, minutes = value.partition(":")
    return time(int(hours), int(minutes))


def quiet_window(session: Session) -> QuietWindow:
    """The SMS quiet hours in force: an admin's (``PUT /settings``), else NOTIFICATION_QUIET_START / _END.

    The one place they are read. The settings row is seeded by the migration, so only a row an admin has
    changed (``updated_by`` set) overrides the environment's values.
    """
    row = rules_repository.settings_row(session)
    if row is not None and row.updated_by is not None:
        return QuietWindow(start=_clock(row.quiet_start), end=_clock(row.quiet_end))
    settings = get_settings()
    return QuietWindow(start=settings.quiet_start, end=settings.quiet_end)
