"""Schemathesis hooks shared by every fuzz test (imported once by ``tests/conftest.py``)."""

from __future__ import annotations

from typing import Any

import schemathesis


@schemathesis.hook
def filter_query(ctx: Any, query: dict[str, Any] | None) -> bool:
    """Drop generated query strings holding a list or an object for a parameter: our query parameters are all
    single-valued, and such a value reaches the server as something else (an empty list vanishes, a longer one
    becomes repeated keys), so schemathesis would judge the answer to a request it did not send — e.g. flag
    ``community_code=[]`` as "negative data accepted" when the server saw no community_code at all."""
    return query is None or not any(isinstance(value, (list, dict)) for value in query.values())
