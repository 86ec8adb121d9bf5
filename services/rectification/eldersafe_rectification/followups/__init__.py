"""Follow-up visits (回头看): when they are due and the monthly random sample."""
