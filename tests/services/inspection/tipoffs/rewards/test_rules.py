"""The amount rule and the eligibility order, as pure functions."""

import pytest

from eldersafe_inspection.tipoffs.rewards import rules
from eldersafe_inspection.tipoffs.rewards.rules import TipFacts, refusal, reward_amount

DEFAULT = {"basis_points": 1500, "minimum_fen": 300_000, "maximum_fen": 30_000_000}


@pytest.mark.parametrize("fine_yuan, reward_yuan", [
    (10_000, 3_000),         # 15 % is ¥1,500: the floor
    (5_000_000, 300_000),    # 15 % is ¥750,000: the cap
    (100_000, 15_000),       # inside the bounds: 15 %
    (20_000, 3_000),         # exactly the floor
    (2_000_000, 300_000),    # exactly the cap
    (0, 3_000),              # no fine: the floor
])
def test_the_default_rule(fine_yuan: int, reward_yuan: int) -> None:
    assert reward_amount(fine_fen=fine_yuan * 100, **DEFAULT) == reward_yuan * 100


def test_half_a_fen_rounds_up_and_less_rounds_down() -> None:
    unbounded = {"minimum_fen": 0, "maximum_fen": 10**12}
    assert reward_amount(fine_fen=1, basis_points=5000, **unbounded) == 1       # 0.5 fen
    assert reward_amount(fine_fen=3, basis_points=1500, **unbounded) == 0       # 0.45 fen
    assert reward_amount(fine_fen=7, basis_points=1500, **unbounded) == 1       # 1.05 fen
    assert reward_amount(fine_fen=123_457, basis_points=1234, **unbounded) == 15_235  # 15234.59…
    assert reward_amount(fine_fen=1_999_999_999, basis_points=10_000, **unbounded) == 1_999_999_999


def test_negative_inputs_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        reward_amount(fine_fen=-1, **DEFAULT)


ELIGIBLE = TipFacts(status="verified", duplicate_of=None, has_major_hazard=True, has_contact=True,
                    earlier_rewarded_tip=None)


def facts(**changes: object) -> TipFacts:
    return TipFacts(**{**ELIGIBLE.__dict__, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize("changes, basis, reason", [
    ({}, "major_hazard", None),
    ({"has_major_hazard": False}, "illegal_operation", None),
    ({"status": "duplicate", "duplicate_of": "x"}, "major_hazard", rules.DUPLICATE),
    ({"duplicate_of": "x"}, "major_hazard", rules.DUPLICATE),
    ({"status": "assigned"}, "major_hazard", rules.NOT_VERIFIED),
    ({"status": "unfounded"}, "illegal_operation", rules.NOT_VERIFIED),
    ({"has_major_hazard": False}, "major_hazard", rules.NO_MAJOR_HAZARD),
    ({"has_contact": False}, "illegal_operation", rules.NO_CONTACT),
    ({"earlier_rewarded_tip": "JB-2026-000001"}, "major_hazard", rules.NOT_FIRST_REPORTER),
])
def test_refusals(changes: dict[str, object], basis: str, reason: str | None) -> None:
    assert refusal(facts(**changes), basis=basis, first_valid_only=True) == reason


def test_a_later_reporter_may_be_rewarded_when_the_rule_allows_it() -> None:
    assert refusal(facts(earlier_rewarded_tip="JB-2026-000001"), basis="major_hazard", first_valid_only=False) is None
