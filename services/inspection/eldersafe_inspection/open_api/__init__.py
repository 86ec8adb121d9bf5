"""The open API for the city platform: campaigns as a change feed, with their progress."""
