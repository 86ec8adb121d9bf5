"""Inspections: drafts with one section per department, answers and findings, submission and amendments."""
