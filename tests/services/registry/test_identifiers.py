import pytest

from eldersafe_registry.identifiers import mask_id_number, normalize_id_number, normalize_uscc
from eldersafe_registry.seed import load_district

DEMO_USCCS = [facility["uscc"] for facility in load_district()["facilities"]]


@pytest.mark.parametrize("code", [*DEMO_USCCS, "91350100M000100Y43", "91110000600037341L"])
def test_valid_usccs_pass(code: str) -> None:
    assert normalize_uscc(code) == code


def test_uscc_is_upper_cased() -> None:
    assert normalize_uscc("91350100m000100y43") == "91350100M000100Y43"


@pytest.mark.parametrize("code", DEMO_USCCS[:5])
def test_every_other_check_character_fails(code: str) -> None:
    for wrong in "0123456789ABCDEFGHJKLMNPQRTUWXY":
        if wrong != code[-1]:
            with pytest.raises(ValueError, match="check character"):
                normalize_uscc(code[:-1] + wrong)


@pytest.mark.parametrize("code, reason", [
    ("91350100M000100I43", "charset"),  # I is not in the charset
    ("91350100M000100O43", "charset"),
    ("91350100M000100Z43", "charset"),
    ("91350100M000100Y4", "18 characters"),
    ("91350100M000100Y431", "18 characters"),
])
def test_bad_uscc_shapes_fail(code: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        normalize_uscc(code)


def test_gb11643_example_id_number_passes() -> None:
    assert normalize_id_number("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize("number, reason", [
    ("110105194912310021", "check character"),
    ("11010519491331002X", "real date"),
    ("11010521491231002X", "out of range"),
    ("1101051949123100", "17 digits"),
    ("11010519491231002Y", "17 digits"),
])
def test_bad_id_numbers_fail(number: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        normalize_id_number(number)


def test_mask_keeps_region_and_last_four() -> None:
    assert mask_id_number("11010519491231002X") == "110105********002X"
