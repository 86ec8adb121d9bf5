"""Input field types of the public tip endpoints (bounded, NUL-free strings; closed word sets as ``Literal``).

The aliases live in their own module so that type checkers treat them as types where the schemas use them.
"""

from __future__ import annotations

from typing import Literal

from eldersafe_common.validation import text

TipCategory = Literal["fire", "food", "abuse_neglect", "building", "unlicensed", "other"]
CATEGORIES: tuple[str, ...] = ("fire", "food", "abuse_neglect", "building", "unlicensed", "other")
TipStatus = Literal["received", "assigned", "duplicate", "closed", "verified", "unfounded"]

Description = text(2000, 10)
FacilityId = text(36, 1)
Location = text(300, 1)
Contact = text(100, 1)
Receipt = text(64, 1)
MessageBody = text(1000, 1)
