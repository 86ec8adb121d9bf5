"""Crash points: tests kill a process at an exact moment, as a power cut or OOM kill would.

Off unless ``ELDERSAFE_CRASH_AT`` is set to ``<point>@<marker file>``; production settings refuse to start with it.
The marker is created on the first crash so that the restarted process runs through the same point.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

CRASH_AT = "ELDERSAFE_CRASH_AT"


def crash_point(name: str) -> None:
    """SIGKILL this process at ``name`` once, when the environment asks for it."""
    spec = os.environ.get(CRASH_AT)
    if not spec:
        return
    point, _, marker = spec.partition("@")
    if point != name or not marker:
        return
    try:
        Path(marker).open("x").close()
    except FileExistsError:
        return
    os.kill(os.getpid(), signal.SIGKILL)
