"""Campaigns as the registry keeps them from inspection's events: when each runs and which facilities it covers."""
