"""The few calls that run against the direction of the imports, installed by the app and worker factories.

Imports run one way (tip-offs → inspections → tasks → campaigns → ledger, photos, base). Three places need an
answer or a reaction from above, and each is installed here rather than imported where it is used:

- the campaign side's facts (coverage, findings) come from the inspections' queries (``campaigns/facts.py``);
- the tasks' inspections (status, departments done) come from the inspections' repository (``tasks/made.py``);
- a submitted or amended tip check links its findings to its tip (``inspections/hooks.py`` → ``tipoffs/tips``).

It also installs the open API's change stamping of campaigns (``campaigns/progress.py``). Idempotent.
"""

from __future__ import annotations

from .campaigns import facts, progress
from .inspections import hooks, queries
from .inspections import repository as inspections
from .tasks import made
from .tipoffs.tips import service as tips


def install() -> None:
    """Install the stamping, the two sources and the hook (called by ``main`` and ``consumers.consumers``)."""
    progress.track_campaign_changes()
    facts.answer_from(queries)
    made.answer_from(inspections)
    hooks.on_check_submitted(tips.on_check_submitted)
