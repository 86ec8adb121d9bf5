"""Tables of facility plans and relocation."""

from __future__ import annotations

from ..models import RectificationBase  # noqa: F401
