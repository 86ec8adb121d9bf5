"""Delivery: every notification recorded once, sent through its channel, retried, logged."""
