"""The city platform's open API: hazard summaries per facility (a cursor-synced feed) and per area, statistics."""
