"""Bounded texts for inspection inputs (no NUL bytes, whitespace stripped)."""

from eldersafe_common.validation import text

PersonName = text(100, 1)
Subject = text(64, 1)
Description = text(4000, 1)
Measures = text(4000)
AnswerText = text(4000)
Reason = text(1000, 1)
