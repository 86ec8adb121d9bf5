"""Facilities as rectification knows them: where they are and who answers for them."""
