"""What every process that writes hazards installs once when it starts: ``main.create_app`` and the worker call
:func:`install`. Kept out of import time, so importing a model module changes no behaviour, and out of the ledger,
which knows neither the open API nor supervision (they depend on it)."""

from __future__ import annotations

from .ledger import listeners
from .open_api import stamping
from .supervision import service as supervision


def install() -> None:
    """The open API's change stamps on hazard writes, and supervision closing its orders over finished hazards."""
    stamping.install()
    listeners.on_finished(supervision.on_hazard_signed_off)
