"""What the layers above the inspections do inside the transaction of a task's inspection being submitted or
amended. The tip-offs link a tip check's findings to its tip (``tipoffs/tips``); they depend on inspections, so
inspections cannot call them by name: the app and worker factories register them here (``wiring.install``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlmodel import Session

from .models import Finding, Inspection

CheckSubmitted = Callable[..., None]  # (session, *, inspection, findings) -> None

_check_submitted: list[CheckSubmitted] = []


def on_check_submitted(hook: CheckSubmitted) -> None:
    """Call ``hook(session, inspection=, findings=)`` whenever a task's inspection is submitted or amended."""
    if hook not in _check_submitted:
        _check_submitted.append(hook)


def check_submitted(session: Session, *, inspection: Inspection, findings: Sequence[Finding]) -> None:
    """Tell every registered hook, in the caller's transaction, about the inspection's current findings."""
    for hook in _check_submitted:
        hook(session, inspection=inspection, findings=findings)
