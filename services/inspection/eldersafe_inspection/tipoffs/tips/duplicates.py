"""Duplicate detection at intake: the same facility, similar words, within a day → a link, never a drop.

Texts are compared after normalising (NFKC, lower case, punctuation and spaces removed) by the Dice coefficient
of their character bigrams: it works for Chinese, where there are no spaces to split words on, it is
insensitive to word order, and it costs a set intersection per candidate instead of difflib's quadratic match.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlmodel import Session

from . import public_repository

WINDOW = timedelta(hours=24)
THRESHOLD = 0.6
# A burst of tips about one facility is checked against its most recent ones only.
MAX_CANDIDATES = 200


def normalise(value: str) -> str:
    """Letters, digits and CJK characters only, compatibility-folded and in lower case."""
    folded = unicodedata.normalize("NFKC", value).casefold()
    return "".join(char for char in folded if unicodedata.category(char)[0] in "LN")


def _bigrams(value: str) -> set[str]:
    if len(value) < 2:
        return {value} if value else set()
    return {value[i:i + 2] for i in range(len(value) - 1)}


def _dice(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def similarity(first: str, second: str) -> float:
    """Dice coefficient of the normalised texts' character bigrams, 0…1."""
    return _dice(_bigrams(normalise(first)), _bigrams(normalise(second)))


def best_match(description: str, candidates: Iterable[tuple[str, str]]) -> str | None:
    """The id of the earliest candidate (id, description) similar enough; candidates come oldest first."""
    wanted = _bigrams(normalise(description))
    for tip_id, text in candidates:
        if _dice(wanted, _bigrams(normalise(text))) >= THRESHOLD:
            return tip_id
    return None


def possible_duplicate_of(session: Session, *, facility_id: str | None, description: str,
                          now: datetime) -> str | None:
    """The earlier tip this one probably repeats (same facility, similar text, last 24 h), or None."""
    if facility_id is None:
        return None
    candidates = public_repository.recent_descriptions(session, facility_id=facility_id, since=now - WINDOW,
                                                       limit=MAX_CANDIDATES)
    return best_match(description, candidates)
