"""Inspection service: campaigns, checklists and inspections of the facilities it keeps from registry events."""
