"""Input field types for checklists (bounded, NUL-free strings; closed word sets as ``Literal``).

Strict models refuse an enum given as its string value, hence ``Literal[...]``. The aliases live in their
own module so that type checkers treat them as types where the schemas and the router use them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from eldersafe_common.validation import at_most, text

Department = Literal["civil_affairs", "fire", "emergency", "police", "health", "housing", "market"]
DEPARTMENT_CODES: tuple[str, ...] = ("civil_affairs", "fire", "emergency", "police", "health", "housing", "market")
Category = Literal["fire", "building", "food", "medical", "security", "management", "emergency"]
AnswerType = Literal["pass_fail", "number", "text", "photo"]
# The five categories of 《养老机构重大事故隐患判定标准》 (2023): building and equipment (Art. 4), licences
# and qualifications (Art. 5), daily management (Art. 6), service (Art. 7), other (Art. 8).
CriterionCategory = Literal["building_equipment", "licensing", "management", "service", "other"]

MAX_ITEMS = 200

Code = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$"),
    at_most(40),
]
Title = text(200, 1)
OptionalTitle = text(200)
ItemText = text(1000, 1)
OptionalText = text(1000)
Basis = text(500)  # may be empty while drafting; publishing requires it
Unit = text(20)
Note = text(1000)
Clause = text(80, 1)
SearchText = text(100)
Limit = Annotated[float, Field(ge=-1_000_000_000, le=1_000_000_000, allow_inf_nan=False)]
Page = Annotated[int, Field(ge=1, le=100_000)]
PageSize = Annotated[int, Field(ge=1, le=100)]
