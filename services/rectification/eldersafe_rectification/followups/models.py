"""Tables of the follow-up policy and the follow-ups requested."""

from __future__ import annotations

from ..models import RectificationBase  # noqa: F401
