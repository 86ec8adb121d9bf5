"""Campaign phase reminders and summaries, and the daily digest for department heads."""
