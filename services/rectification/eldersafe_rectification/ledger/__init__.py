"""The hazard ledger (台账): every hazard assigned, rectified, accepted by someone else and signed off."""
