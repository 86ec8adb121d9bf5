"""Input types of the reward schemas (amounts are whole fen)."""

from __future__ import annotations

from typing import Literal

from eldersafe_common.validation import text

from ...campaigns.fields import bounded_int

# PostgreSQL keeps amounts in 32-bit integer columns: ¥20,000,000 stays well inside, and no fine is larger.
MAX_FEN = 2_000_000_000
Fen = bounded_int(0, MAX_FEN)
BasisPoints = bounded_int(1, 10_000)
Version = bounded_int(1, 1_000_000_000)
Note = text(1000, 1)
PayoutReference = text(100, 1)
RewardBasis = Literal["major_hazard", "illegal_operation"]
RewardStatus = Literal["proposed", "approved", "rejected", "paid"]
