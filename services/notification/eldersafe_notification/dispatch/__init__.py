"""Dispatch: the worker thread that claims due notifications, sends each through its channel (outside any
transaction) and records the outcome; SMS quiet hours."""
