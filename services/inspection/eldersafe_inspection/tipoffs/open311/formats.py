"""Open311 GeoReport v2 bodies in JSON and XML, with the headers every /open311/ answer carries.

The specification names the XML elements: a list is a plural root (``services``, ``service_requests``,
``errors``) of singular items (``service``, ``request``, ``error``), nested lists likewise (``attributes`` of
``attribute``, ``values`` of ``value``); booleans are written ``true``/``false`` and an absent value is an empty
element. JSON mirrors the same field names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal
from xml.etree import ElementTree

from fastapi.responses import Response
from pydantic import BaseModel

Format = Literal["json", "xml"]
FORMATS: tuple[Format, ...] = ("json", "xml")
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
# The specification asks for this declaration, spelt so (ElementTree's own writes encoding='utf-8').
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'

# Open311 endpoints are public: nothing about a tip may linger in a shared cache, nor leak in a Referer.
PUBLIC_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                  "X-Content-Type-Options": "nosniff"}

# Nested lists: the element each item of a list-valued field is written as.
_ITEM_NAMES = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}
# XML 1.0 refuses these characters even escaped; a reporter's text could carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def format_of(path: str) -> Format:
    """The format a path asks for by its suffix (JSON unless it ends in ``.xml``)."""
    return "xml" if path.endswith(".xml") else "json"


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_plain(item) for item in value]
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("\ufffd", str(value))


def _fill(element: ElementTree.Element, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        child = ElementTree.SubElement(element, name)
        if isinstance(value, Mapping):
            _fill(child, value)
        elif isinstance(value, list):
            for item in value:
                grandchild = ElementTree.SubElement(child, _ITEM_NAMES.get(name, "item"))
                if isinstance(item, Mapping):
                    _fill(grandchild, item)
                else:
                    grandchild.text = _text(item)
        else:
            child.text = _text(value)


def to_xml(body: Any, *, root: str, item: str | None = None) -> bytes:
    """``body`` (a list of items named ``item``, or one object) under the element ``root``, UTF-8 declared."""
    plain = _plain(body)
    element = ElementTree.Element(root)
    if isinstance(plain, list):
        for entry in plain:
            _fill(ElementTree.SubElement(element, item or "item"), entry)
    else:
        _fill(element, plain)
    return XML_DECLARATION + ElementTree.tostring(element, encoding="unicode").encode()


def render(body: Any, fmt: Format, *, root: str, item: str | None = None, status: int = 200) -> Response:
    """One Open311 answer in the requested format."""
    if fmt == "xml":
        content = to_xml(body, root=root, item=item)
        return Response(content, status_code=status, media_type=XML_TYPE, headers=PUBLIC_HEADERS)
    content = json.dumps(_plain(body), ensure_ascii=False, separators=(",", ":")).encode()
    return Response(content, status_code=status, media_type=JSON_TYPE, headers=PUBLIC_HEADERS)


def error_body(status: int, descriptions: Sequence[str]) -> list[dict[str, Any]]:
    """The specification's error list: one ``{code, description}`` per problem, ``code`` the HTTP status."""
    return [{"code": status, "description": description} for description in descriptions]


def render_errors(status: int, descriptions: Sequence[str], fmt: Format,
                  headers: Mapping[str, str] | None = None) -> Response:
    """An Open311 error answer: ``[{"code": 400, "description": "…"}]`` or ``<errors><error>…``."""
    response = render(error_body(status, descriptions), fmt, root="errors", item="error", status=status)
    response.headers.update(headers or {})
    return response
