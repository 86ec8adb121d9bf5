"""Input types shared by the registry's schemas (strict models cannot take dates or enums as JSON strings)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, PlainValidator, StringConstraints, WithJsonSchema

from eldersafe_common.validation import text

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


IsoDate = Annotated[date, PlainValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
AreaCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{6,15}$")]
Uscc = Annotated[
    str,
    StringConstraints(min_length=18, max_length=18, strip_whitespace=True),
    AfterValidator(normalize_uscc),
]
IdNumber = Annotated[
    str,
    StringConstraints(min_length=18, max_length=18, strip_whitespace=True),
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

Page = Annotated[int, Field(ge=1, le=100_000)]
PageSize = Annotated[int, Field(ge=1, le=100)]
