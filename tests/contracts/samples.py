"""Payloads a producer can write, built from its Pydantic payload model and serialised the way ``publish`` does
(``model_dump(mode="json")``).

Two samples per model, the two ends of what the producer's types allow:

* ``fullest``: every field set, optional ones included, each list with one element;
* ``sparsest``: only the required fields set, each ``X | None`` field given ``None`` and each list empty, the
  defaults left to the model.

A consumer's tolerant reader must accept both; a field it requires that the producer may leave ``None`` or omit
fails on ``sparsest``, a field the producer does not send at all fails on both.
"""

from __future__ import annotations

import enum
import types
import typing
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

MAX_DEPTH = 6


def _arms(annotation: Any) -> tuple[Any, ...]:
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        return typing.get_args(annotation)
    return ()


def _value(annotation: Any, name: str, *, full: bool, depth: int) -> Any:
    """A value of ``annotation`` (``name`` only makes strings tell fields apart)."""
    if depth > MAX_DEPTH:
        raise ValueError(f"{name}: the model nests deeper than {MAX_DEPTH} levels")
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _value(typing.get_args(annotation)[0], name, full=full, depth=depth)
    arms = _arms(annotation)
    if arms:
        if type(None) in arms and not full:
            return None
        return _value(next(arm for arm in arms if arm is not type(None)), name, full=full, depth=depth)
    if origin is Literal:
        return typing.get_args(annotation)[0]
    if origin in (list, set, frozenset, tuple) or annotation in (list, set, tuple):
        args = tuple(arg for arg in typing.get_args(annotation) if arg is not Ellipsis)
        if origin is tuple and args and len(typing.get_args(annotation)) == len(args):
            return [_value(arg, name, full=full, depth=depth + 1) for arg in args]  # a fixed-length tuple
        return [_value(args[0] if args else str, name, full=full, depth=depth + 1)] if full else []
    if origin is dict or annotation is dict:
        args = typing.get_args(annotation)
        return {"key": _value(args[1] if args else str, name, full=full, depth=depth + 1)} if full else {}
    if isinstance(annotation, type):
        return _scalar(annotation, name, full=full, depth=depth)
    if annotation is Any:
        return f"{name}-value"
    raise TypeError(f"{name}: no sample for {annotation!r}")


def _scalar(annotation: type, name: str, *, full: bool, depth: int) -> Any:
    if issubclass(annotation, BaseModel):
        return _fields(annotation, full=full, depth=depth + 1)
    if issubclass(annotation, enum.Enum):
        return next(iter(annotation)).value
    if annotation is bool:
        return True
    if issubclass(annotation, int):
        return 1
    if issubclass(annotation, float | Decimal):
        return 1.5
    if annotation is datetime:
        return datetime(2026, 11, 20, 1, 30, tzinfo=UTC).isoformat()
    if annotation is date:
        return date(2026, 11, 20).isoformat()
    if annotation is time:
        return time(9, 30).isoformat()
    if annotation is timedelta:
        return 60.0
    if annotation is uuid.UUID:
        return str(uuid.UUID(int=1))
    if issubclass(annotation, str):
        return f"{name}-1"
    raise TypeError(f"{name}: no sample for {annotation!r}")


def _key(name: str, info: FieldInfo) -> str:
    return info.alias or name


def _fields(model: type[BaseModel], *, full: bool, depth: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if not full and not info.is_required():
            continue
        values[_key(name, info)] = _value(info.annotation, name, full=full, depth=depth)
    return values


def payload(model: type[BaseModel], *, full: bool) -> dict[str, Any]:
    """The JSON a producer writes for an instance of ``model`` (validated by the model itself first)."""
    return model.model_validate(_fields(model, full=full, depth=0)).model_dump(mode="json")


def fullest(model: type[BaseModel]) -> dict[str, Any]:
    return payload(model, full=True)


def sparsest(model: type[BaseModel]) -> dict[str, Any]:
    return payload(model, full=False)
