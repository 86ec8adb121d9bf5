"""Every hazard write stamps ``hazard.change_seq`` (eldersafe_common.sync); a supervision order stamps its hazards.

The facility feed is ordered by each facility's latest hazard change, and its summary counts the facility's open
supervision orders. Issuing or closing an order writes no hazard column, so without this a client that had already
paged past the facility would keep its old order count. A ``before_flush`` hook, like the hazard stamp itself, so no
write path (service, consumer, worker) can forget it. Installed when a process starts (``hooks.install``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from eldersafe_common.sync import SEQ_COLUMN, track_changes

from ..ledger.models import Hazard
from ..supervision.models import SupervisionOrder


def _order_touches_hazards(session: Session, _context: Any, _instances: Any) -> None:
    orders = [row for row in session.new if isinstance(row, SupervisionOrder)]
    orders += [row for row in session.dirty if isinstance(row, SupervisionOrder) and session.is_modified(row)]
    if not orders:
        return
    with session.no_autoflush:
        for order in orders:
            for hazard_id in order.hazard_ids:
                hazard = session.get(Hazard, hazard_id)
                if hazard is not None:
                    flag_modified(hazard, SEQ_COLUMN)


def install() -> None:
    """Stamp every hazard write, and an order's hazards when it is issued or closed (idempotent; called by the app
    and worker factories through ``eldersafe_rectification.hooks``)."""
    track_changes(Hazard)
    if not event.contains(Session, "before_flush", _order_touches_hazards):
        # First in line: the hazards it marks must be dirty when the sequence stamp (a later hook) looks.
        event.listen(Session, "before_flush", _order_touches_hazards, insert=True)
