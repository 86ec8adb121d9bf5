"""Who hears, in the same transaction, that a hazard was signed off or withdrawn.

Supervision orders close over finished hazards; supervision depends on the ledger, so the ledger does not call it:
supervision registers here, when the app or the worker starts (``eldersafe_rectification.hooks``).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from .models import Hazard

FinishedListener = Callable[..., object]  # called as listener(session, hazard=hazard)

_finished: list[FinishedListener] = []


def on_finished(listener: FinishedListener) -> None:
    """Call ``listener`` after every sign-off and withdrawal (registering twice changes nothing)."""
    if listener not in _finished:
        _finished.append(listener)


def finished(session: Session, hazard: Hazard) -> None:
    """Tell every listener that ``hazard`` was signed off or withdrawn."""
    for listener in _finished:
        listener(session, hazard=hazard)
