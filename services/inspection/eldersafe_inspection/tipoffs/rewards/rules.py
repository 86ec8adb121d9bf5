"""The reward rule as pure functions: the amount, and whether a tip may be rewarded at all.

Money is whole fen (分) throughout; nothing here touches a float.
"""

from __future__ import annotations

from dataclasses import dataclass

BASIS_POINTS_WHOLE = 10_000

# Why a tip may not be rewarded, in the order they are checked (the problem's ``reason``).
DUPLICATE = "duplicate"
NOT_VERIFIED = "not_verified"
NO_MAJOR_HAZARD = "no_major_hazard"
NO_CONTACT = "no_contact"
NOT_FIRST_REPORTER = "not_first_reporter"


def reward_amount(*, fine_fen: int, basis_points: int, minimum_fen: int, maximum_fen: int) -> int:
    """``fine × basis points / 10000`` rounded half up to a whole fen, then held within [minimum, maximum]."""
    if fine_fen < 0 or basis_points < 0:
        raise ValueError("fine and basis points are never negative")
    share = (fine_fen * basis_points * 2 + BASIS_POINTS_WHOLE) // (2 * BASIS_POINTS_WHOLE)
    return min(max(share, minimum_fen), maximum_fen)


@dataclass(frozen=True)
class TipFacts:
    """What eligibility needs to know about a tip (gathered by the service, judged here)."""

    status: str
    duplicate_of: str | None
    has_major_hazard: bool
    has_contact: bool
    earlier_rewarded_tip: str | None  # the number of an earlier verified tip on the facility holding a reward


def refusal(facts: TipFacts, *, basis: str, first_valid_only: bool) -> str | None:
    """The first reason the tip may not be rewarded on ``basis``, or None when it may."""
    if facts.status == "duplicate" or facts.duplicate_of is not None:
        return DUPLICATE
    if facts.status != "verified":
        return NOT_VERIFIED
    if basis == "major_hazard" and not facts.has_major_hazard:
        return NO_MAJOR_HAZARD
    if not facts.has_contact:
        return NO_CONTACT
    if first_valid_only and facts.earlier_rewarded_tip is not None:
        return NOT_FIRST_REPORTER
    return None


REFUSAL_DETAILS: dict[str, str] = {
    DUPLICATE: "The tip is a duplicate of another tip; only the original may be rewarded.",
    NOT_VERIFIED: "Only a verified tip may be rewarded.",
    NO_MAJOR_HAZARD: "The basis major_hazard needs a major hazard found by the tip's check.",
    NO_CONTACT: "The reporter left no contact (with consent) to pay a reward to.",
    NOT_FIRST_REPORTER: "An earlier verified tip on this facility already holds a reward; only the first valid "
                        "reporter is rewarded.",
}
