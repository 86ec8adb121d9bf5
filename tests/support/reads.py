"""Every GET operation a service declares, with placeholder arguments, for role-wide read checks.

Built from the service's OpenAPI document (not a hand-kept list), so an endpoint added later is checked too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

PLACEHOLDERS = {("string", "uuid"): "00000000-0000-4000-8000-000000000000", ("string", "date"): "2026-06-01",
                ("integer", None): "2026", ("string", None): "x"}


@dataclass(frozen=True)
class Read:
    path: str
    url: str
    params: dict[str, str]


def _value(schema: dict[str, Any]) -> str:
    return PLACEHOLDERS[(schema.get("type", "string"), schema.get("format"))]


def reads(app: FastAPI, *prefixes: str) -> list[Read]:
    """GET operations under ``prefixes``, their path parameters and required query parameters filled in."""
    found: list[Read] = []
    for path, operations in app.openapi()["paths"].items():
        operation = operations.get("get")
        if operation is None or not path.startswith(prefixes):
            continue
        url, params = path, {}
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                url = url.replace("{" + parameter["name"] + "}", _value(parameter["schema"]))
            elif parameter["in"] == "query" and parameter.get("required"):
                params[parameter["name"]] = _value(parameter["schema"])
        found.append(Read(path=path, url=url, params=params))
    return sorted(found, key=lambda read: read.path)
