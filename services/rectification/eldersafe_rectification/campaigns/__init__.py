"""Campaigns as rectification keeps them from inspection's events: deadlines, phases and targets."""
