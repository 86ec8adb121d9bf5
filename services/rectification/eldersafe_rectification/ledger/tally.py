"""The ledger's counters (``hazard_tally``, ``hazard_due_tally``): every write that moves an entry between buckets
moves one count, in the same transaction.

``history.record`` is the one caller — every change to a hazard writes its history row, and ``record`` takes the
bucket the entry was in before the change (``before``, None at intake) and applies the move to the one it is in
now, so no write path can change a state or a deadline and forget the counters. Campaign, area, departments and
severity never change after intake; state and deadline do.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import Session

from . import repository, states
from .models import Hazard


@dataclass(frozen=True)
class Bucket:
    campaign_id: str
    area_code: str
    departments: str  # the mix: sorted, comma-joined
    severity: str
    state: str
    deadline: date

    @property
    def counted_open(self) -> bool:
        """Kept in the due counters (not yet rectified: it can be overdue)."""
        return self.state in states.OPEN


def mix(departments: list[str]) -> str:
    """A hazard's departments as one key: a joint hazard's departments sorted and joined."""
    return ",".join(sorted(set(departments)))


def bucket(hazard: Hazard) -> Bucket:
    """The bucket ``hazard`` is in now."""
    return Bucket(campaign_id=hazard.campaign_id, area_code=hazard.area_code, departments=mix(hazard.departments),
                  severity=hazard.severity, state=hazard.state, deadline=hazard.deadline)


def move(session: Session, *, before: Bucket | None, after: Bucket | None) -> None:
    """Move one count from ``before`` (None: a new entry) to ``after`` (None: an entry gone)."""
    if before == after:
        return
    if before is None or after is None or replace(before, deadline=after.deadline) != after:
        for side, delta in ((before, -1), (after, 1)):
            if side is not None:
                repository.add_to_tally(session, side, delta)
    due = [(side, delta) for side, delta in ((before, -1), (after, 1)) if side is not None and side.counted_open]
    if len(due) == 2 and replace(due[0][0], state=due[1][0].state) == due[1][0]:
        return  # open → open on the same deadline (start, submit, reject): overdue counts do not move
    for side, delta in due:
        repository.add_to_due_tally(session, side, delta)
