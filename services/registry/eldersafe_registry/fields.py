"""Input types shared by the registry's schemas (strict models cannot take dates or enums as JSON strings)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, PlainValidator, StringConstraints, WithJsonSchema

from eldersafe_common.validation import at_most, text

from .identifiers import normalize_id_number, normalize_uscc

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError("must be a date in the form YYYY-MM-DD")
    parsed = date.fromisoformat(value)
    if not 1900 <= parsed.year <= 2100:
        raise ValueError("year must lie between 1900 and 2100")
    return parsed


def _integral(value: Any) -> Any:
    # JSON Schema counts 60.0 as an integer; strict mode would refuse it. Booleans stay refused.
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def bounded_int(ge: int, le: int) -> Any:
    """A strict integer within bounds that also takes an integral JSON number such as ``60.0``."""
    return Annotated[int, BeforeValidator(_integral), Field(ge=ge, le=le)]


Beds = bounded_int(0, 100_000)
Count = bounded_int(0, 100_000)
Floors = bounded_int(1, 200)
YearBuilt = bounded_int(1800, 2100)
Version = bounded_int(1, 2**31 - 1)


IsoDate = Annotated[date, PlainValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
AreaCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{6,15}$")]
Uscc = Annotated[
    str,
    StringConstraints(min_length=18, max_length=18, strip_whitespace=True,
                      pattern=r"^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$"), at_most(18),
    AfterValidator(normalize_uscc),
]
IdNumber = Annotated[
    str,
    StringConstraints(min_length=18, max_length=18, strip_whitespace=True, pattern=r"^[0-9]{17}[0-9Xx]$"), at_most(18),
    AfterValidator(normalize_id_number),
]
PersonName = text(100, 1)
ShortName = text(100, 1)
LongName = text(200, 1)
Address = text(300, 1)
SearchText = text(100)
Reason = text(1000, 1)

Ownership = Literal["public", "private", "public_private"]
FacilityStatus = Literal["operating", "suspended", "shut_down", "deregistered"]
Structure = Literal["brick_concrete", "reinforced_concrete", "steel", "steel_sandwich_panel", "wood", "other"]
CareLevel = Literal["self_care", "semi_dependent", "dependent"]
AreaLevel = Literal["district", "subdistrict", "community"]
TaskForcePosition = Literal["leader", "deputy", "member"]
DestinationKind = Literal["facility", "family", "hospital", "other"]
Uuid = Annotated[str, StringConstraints(
    pattern=r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", to_lower=True)]

Page = Annotated[int, Field(ge=1, le=100_000)]  # query parameters arrive as text: no float rule needed
PageSize = Annotated[int, Field(ge=1, le=100)]
