"""The open API for the city platform: facilities as a change feed, and facility statistics."""
