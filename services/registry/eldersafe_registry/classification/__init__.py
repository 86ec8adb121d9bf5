"""The registry's copy of each facility's class, kept from inspection's ``facility.classified``."""
