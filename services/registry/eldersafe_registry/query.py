"""Query strings are held to the same rule as bodies: an unknown parameter is an error, not ignored."""

from typing import Any

from fastapi import Depends, Request

from eldersafe_common.errors import FieldError, Invalid


def only_query(*names: str) -> Any:
    """A route dependency refusing query parameters other than ``names`` (a typo must not widen a list)."""
    allowed = frozenset(names)

    def check(request: Request) -> None:
        unknown = sorted({key for key in request.query_params if key not in allowed})
        if unknown:
            raise Invalid("The request has unknown query parameters.", code="validation_failed", errors=[
                FieldError(field=f"query.{key[:50]}", reason="unknown parameter") for key in unknown])

    return Depends(check)
