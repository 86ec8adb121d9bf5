"""One OpenAPI document for the platform: the gateway's own operations plus every service's.

Paths stay as they are (services already serve their public prefix). Components are merged by name;
identical ones (``Problem`` above all) collapse into one, and a clash of different definitions is
resolved by prefixing the service's copy and rewriting its references.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from typing import Any

import httpx

from eldersafe_common.problem_codes import PROBLEM_CODES

from . import routes

log = logging.getLogger("eldersafe.gateway.openapi")

_SECTIONS = ("schemas", "responses", "parameters", "requestBodies", "securitySchemes", "headers", "examples")


def _rewrite_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        return {
            key: (renames.get(value, value) if key == "$ref" and isinstance(value, str)
                  else _rewrite_refs(value, renames))
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(item, renames) for item in node]
    return node


def merge_openapi(own: dict[str, Any], services: dict[str, dict[str, Any] | None]) -> dict[str, Any]:
    """Merge the services' documents into a copy of the gateway's; None marks a service that was down."""
    codes = set(_problem_codes(own))
    merged = copy.deepcopy(_without_codes(own))
    paths = merged.setdefault("paths", {})
    components = merged.setdefault("components", {})
    tags = merged.setdefault("tags", [])
    tag_names = {tag.get("name") for tag in tags}
    status: dict[str, str] = {}
    for name, document in services.items():
        if document is None:
            status[name] = "unavailable"
            continue
        status[name] = "ok"
        # Each service lists the codes it can answer: the platform's Problem lists them all, and the schemas
        # stay identical so that they collapse into one.
        codes |= set(_problem_codes(document))
        document = _without_codes(document)
        renames: dict[str, str] = {}
        prefix = "".join(part.capitalize() for part in name.split("_"))
        for section in _SECTIONS:
            target = components.get(section, {})
            for key, value in document.get("components", {}).get(section, {}).items():
                if key in target and target[key] != value:
                    renames[f"#/components/{section}/{key}"] = f"#/components/{section}/{prefix}{key}"
        document = _rewrite_refs(document, renames) if renames else document
        for section in _SECTIONS:
            for key, value in document.get("components", {}).get(section, {}).items():
                target_key = key
                if f"#/components/{section}/{key}" in renames:
                    target_key = f"{prefix}{key}"
                components.setdefault(section, {}).setdefault(target_key, value)
        for path, item in document.get("paths", {}).items():
            if path in paths:
                log.warning("path %s of %s clashes with an existing path; kept the first", path, name)
                continue
            paths[path] = item
        for tag in document.get("tags", []):
            if tag.get("name") not in tag_names:
                tags.append(tag)
                tag_names.add(tag.get("name"))
    if not tags:
        merged.pop("tags")
    problem = components.get("schemas", {}).get("Problem")
    if problem is not None:
        problem[PROBLEM_CODES] = sorted(codes)
    merged["x-eldersafe-services"] = status
    document_rate_limits(merged)
    return merged


def _problem_codes(document: dict[str, Any]) -> list[str]:
    return list(document.get("components", {}).get("schemas", {}).get("Problem", {}).get(PROBLEM_CODES, []))


def _without_codes(document: dict[str, Any]) -> dict[str, Any]:
    """A shallow copy whose Problem schema has no code list (the cached document is left as it is)."""
    schemas = document.get("components", {}).get("schemas", {})
    if PROBLEM_CODES not in schemas.get("Problem", {}):
        return document
    problem = {key: value for key, value in schemas["Problem"].items() if key != PROBLEM_CODES}
    return {**document, "components": {**document["components"], "schemas": {**schemas, "Problem": problem}}}


_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def document_rate_limits(document: dict[str, Any]) -> None:
    """Declare the gateway's 429 on the operations it limits (public paths, open API): the services'
    own documents cannot know about it, and a client must be told to expect it."""
    has_problem = "Problem" in document.get("components", {}).get("schemas", {})
    schema: dict[str, Any] = {"$ref": "#/components/schemas/Problem"} if has_problem else {"type": "object"}
    response = {
        "description": "Too many requests from this caller; retry after the number of seconds given.",
        "headers": {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}},
        "content": {"application/problem+json": {"schema": schema}},
    }
    paths = document.get("paths", {})
    for path in paths:
        if not (routes.is_public(path) or path.startswith(routes.OPEN_API)):
            continue
        item = paths[path] = copy.deepcopy(paths[path])  # the services' documents are cached: leave them be
        for method in _METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                operation.setdefault("responses", {}).setdefault("429", copy.deepcopy(response))


class OpenApiCache:
    """Each service's document, fetched on demand, kept for a while, refetched if the service was down."""

    def __init__(self, services: dict[str, str], *, ttl: float):
        self._services = services
        self._ttl = ttl
        self._documents: dict[str, tuple[float, dict[str, Any]]] = {}
        self._lock = asyncio.Lock()

    async def _fetch(self, client: httpx.AsyncClient, name: str, base_url: str) -> None:
        try:
            response = await client.get(f"{base_url}/openapi.json")
            response.raise_for_status()
            document = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            log.info("no OpenAPI from %s: %r", name, exc)
            return  # a stale copy, if any, is better than none
        if isinstance(document, dict):
            self._documents[name] = (time.monotonic(), document)

    async def documents(self, client: httpx.AsyncClient) -> dict[str, dict[str, Any] | None]:
        """Every service's document (None for a service never reached)."""
        async with self._lock:
            now = time.monotonic()
            stale = [(n, u) for n, u in self._services.items()
                     if n not in self._documents or now - self._documents[n][0] > self._ttl]
            if stale:
                await asyncio.gather(*(self._fetch(client, n, u) for n, u in stale))
        return {name: self._documents[name][1] if name in self._documents else None for name in self._services}
