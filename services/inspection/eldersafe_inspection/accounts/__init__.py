"""Accounts as inspection needs them (the people tasks are given to), kept from the gateway's ``account.*`` events."""
