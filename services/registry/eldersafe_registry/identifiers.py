"""Check characters of the two national identifiers the registry keeps: the unified social credit code
(GB 32100-2015) of a facility and the resident identity number (GB 11643-1999, ISO 7064 MOD 11-2)."""

from __future__ import annotations

import re
from datetime import date

from eldersafe_common import clock

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")


def uscc_check_char(first17: str) -> str:
    """The check character for the first 17 characters of a USCC."""
    total = sum(USCC_CHARSET.index(ch) * weight for ch, weight in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def normalize_uscc(value: str) -> str:
    """Upper-case and verify a USCC; raise ValueError naming what is wrong."""
    code = value.strip().upper()
    if len(code) != 18:
        raise ValueError("must be 18 characters")
    bad = sorted({ch for ch in code if ch not in USCC_CHARSET})
    if bad:
        raise ValueError(f"contains characters outside the USCC charset: {''.join(bad)}")
    if uscc_check_char(code[:17]) != code[17]:
        raise ValueError("check character does not match (GB 32100-2015)")
    return code


def id_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits of a resident identity number."""
    total = sum(int(ch) * weight for ch, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def normalize_id_number(value: str, *, today: date | None = None) -> str:
    """Upper-case and verify an 18-character identity number (format, birth date, check character)."""
    number = value.strip().upper()
    if not _ID_PATTERN.match(number):
        raise ValueError("must be 17 digits followed by a digit or X")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise ValueError("birth date inside the number is not a real date") from exc
    if born.year < 1890 or born > (today or clock.china_today()):
        raise ValueError("birth date inside the number is out of range")
    if id_check_char(number[:17]) != number[17]:
        raise ValueError("check character does not match (ISO 7064 MOD 11-2)")
    return number


def mask_id_number(number: str) -> str:
    """Keep the region prefix and the last four characters, e.g. ``230404********1234``."""
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
