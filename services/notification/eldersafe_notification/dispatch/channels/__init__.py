"""Channels: how one claimed notification is sent. Each returns an Outcome and never raises for a bad answer."""
