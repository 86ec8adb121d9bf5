"""Strict input: models with unknown fields refused, no type coercion, no NUL bytes, bounded strings; and query
strings with unknown parameters refused."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import Depends, Request
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, StringConstraints, model_validator

from .errors import FieldError, Invalid


def _no_nul(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("must not contain NUL characters")
    if isinstance(value, dict):
        for key, item in value.items():
            _no_nul(key)
            _no_nul(item)
    elif isinstance(value, list):
        for item in value:
            _no_nul(item)
    return value


class StrictModel(BaseModel):
    """Base for every request body: ``XCreate`` / ``XUpdate`` schemas derive from it.

    Strict mode refuses coercions such as ``"3"`` → 3 or ``false`` → 0. It also refuses an ``Enum`` given as
    its string value, so closed sets of words are ``Literal[...]`` (or an enum field with ``strict=False``).
    """

    model_config = ConfigDict(strict=True, extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _reject_nul(cls, data: Any) -> Any:
        return _no_nul(data)


def at_most(max_length: int) -> Any:
    def check(value: Any) -> Any:
        # The published maxLength is the string as sent: a long value must not pass because stripping its
        # surrounding whitespace happens to bring it under the limit.
        if isinstance(value, str) and len(value) > max_length:
            raise ValueError(f"String should have at most {max_length} characters")
        return value

    return BeforeValidator(check)


def text(max_length: int, min_length: int = 0) -> Any:
    """A bounded string without NUL bytes (the bound holds for the string as sent, before stripping)."""
    return Annotated[
        str,
        StringConstraints(min_length=min_length, max_length=max_length, strip_whitespace=True),
        AfterValidator(_no_nul),
        at_most(max_length),
    ]


Name = text(200, 1)
ShortText = text(200)
LongText = text(4000)
Phone = Annotated[str, StringConstraints(pattern=r"^[0-9+\-() ]{5,20}$")]


def only_query(*names: str) -> Any:
    """A route dependency refusing query parameters other than ``names``: a mistyped filter must not silently
    widen a list, so query strings are held to the same rule as strict bodies."""
    allowed = frozenset(names)

    def check(request: Request) -> None:
        unknown = sorted({key for key in request.query_params if key not in allowed})
        if unknown:
            raise Invalid("The request has unknown query parameters.", code="validation_failed", errors=[
                FieldError(field=f"query.{key[:50]}", reason="unknown parameter") for key in unknown])
        # Every filter takes one value: of `area=x&area=y` the framework would quietly keep the last one.
        counts = Counter(key for key, _ in request.query_params.multi_items())
        repeated = sorted(key for key, count in counts.items() if count > 1)
        if repeated:
            raise Invalid("A query parameter was given more than once.", code="validation_failed", errors=[
                FieldError(field=f"query.{key}", reason="given more than once; send one value") for key in repeated])

    return Depends(check)
