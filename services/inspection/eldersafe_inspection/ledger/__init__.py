"""The ledger as inspection needs it: each hazard's current state, kept from rectification's ``hazard.*`` events."""
