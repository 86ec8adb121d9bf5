"""Who produces and who consumes each event type, found from the code itself.

* Producers: every module-level ``EventType`` of a component (modules found by their source, then imported), the
  component that defines it being its producer. A type nothing in its component refers to is declared, not
  published.
* Consumers: every ``Consumer`` that a component's ``consumers()`` returns (what its worker runs), with the payload
  models each handler parses: ``event.parse(Model)`` (or ``Model.model_validate(event.payload)``) in the handler or
  in any function of the component the handler passes the event on to, found in their source.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any

from pydantic import BaseModel

from eldersafe_common.events import Consumer, EventType

ROOT = Path(__file__).resolve().parents[2]
COMPONENTS = {
    "gateway": ("eldersafe_gateway", ROOT / "gateway/eldersafe_gateway"),
    "registry": ("eldersafe_registry", ROOT / "services/registry/eldersafe_registry"),
    "inspection": ("eldersafe_inspection", ROOT / "services/inspection/eldersafe_inspection"),
    "rectification": ("eldersafe_rectification", ROOT / "services/rectification/eldersafe_rectification"),
    "notification": ("eldersafe_notification", ROOT / "services/notification/eldersafe_notification"),
}


@dataclass(frozen=True)
class Produced:
    name: str
    version: int
    payload: type[BaseModel]
    service: str
    where: str  # module.CONSTANT


@dataclass
class Subscription:
    service: str
    consumer: str
    event_type: str
    handler: str  # module.function
    models: list[type[BaseModel]] = field(default_factory=list)
    reads_raw_payload: bool = False


def _sources(package_dir: Path) -> list[Path]:
    return [path for path in sorted(package_dir.rglob("*.py")) if "migrations" not in path.parts]


def _module_name(package: str, package_dir: Path, path: Path) -> str:
    parts = [package, *path.relative_to(package_dir).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _names_used(package_dir: Path) -> dict[str, int]:
    """How often each identifier is read (as a name or an attribute) across the component."""
    counts: dict[str, int] = {}
    for path in _sources(package_dir):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                counts[node.id] = counts.get(node.id, 0) + 1
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                counts[node.attr] = counts.get(node.attr, 0) + 1
            elif isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    counts[alias.name] = counts.get(alias.name, 0) + 1
    return counts


def produced() -> tuple[list[Produced], list[str]]:
    """Every event type each component declares, and the declared ones nothing in their component refers to."""
    found: dict[int, Produced] = {}
    unused: list[str] = []
    for service, (package, package_dir) in COMPONENTS.items():
        used = _names_used(package_dir)
        for path in _sources(package_dir):
            if "EventType(" not in path.read_text():
                continue
            module = importlib.import_module(_module_name(package, package_dir, path))
            for constant, value in vars(module).items():
                if isinstance(value, EventType) and id(value) not in found:
                    found[id(value)] = Produced(value.name, value.version, value.payload, service,
                                                f"{module.__name__}.{constant}")
                    if used.get(constant, 0) == 0:
                        unused.append(f"{value.name} ({module.__name__}.{constant}) is declared but never used")
    return sorted(found.values(), key=lambda item: (item.name, item.service)), unused


def consumers() -> list[tuple[str, Consumer]]:
    """Every consumer each component's worker runs."""
    result: list[tuple[str, Consumer]] = []
    for service, (package, package_dir) in COMPONENTS.items():
        if (package_dir / "consumers.py").exists():
            module = importlib.import_module(f"{package}.consumers")
            result.extend((service, consumer) for consumer in module.consumers())
    return result


def _resolve(expression: ast.expr, namespace: dict[str, Any]) -> Any:
    if isinstance(expression, ast.Name):
        return namespace.get(expression.id)
    if isinstance(expression, ast.Attribute):
        owner = _resolve(expression.value, namespace)
        return getattr(owner, expression.attr, None) if owner is not None else None
    return None


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _mentions(node: ast.expr, name: str) -> bool:
    return any(isinstance(inner, ast.Name) and inner.id == name for inner in ast.walk(node))


def _event_parameter(function: FunctionType, call: ast.Call, event: str) -> str | None:
    """The callee's parameter that receives the caller's event, if the call passes it on."""
    parameters = list(inspect.signature(function).parameters)
    for position, argument in enumerate(call.args):
        if isinstance(argument, ast.Name) and argument.id == event and position < len(parameters):
            return parameters[position]
    for keyword in call.keywords:
        if isinstance(keyword.value, ast.Name) and keyword.value.id == event and keyword.arg:
            return keyword.arg
    return None


def read_models(function: Callable[..., Any], package: str, event: str | None = None,
                seen: set[int] | None = None) -> tuple[list[type[BaseModel]], bool]:
    """The payload models ``function`` parses its event with (following the event into the component's own
    functions), and whether it reads ``event.payload`` without a model."""
    seen = seen if seen is not None else set()
    if not isinstance(function, FunctionType) or id(function) in seen:
        return [], False
    seen.add(id(function))
    event = event or list(inspect.signature(function).parameters)[1]
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    namespace = {**function.__globals__, **_closure(function)}
    models: list[type[BaseModel]] = []
    raw = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "payload" and _mentions(node.value, event):
            raw = True
        if not isinstance(node, ast.Call):
            continue
        callee = node.func
        if isinstance(callee, ast.Attribute) and callee.attr == "parse" and _mentions(callee.value, event):
            models.extend(model for model in (_resolve(arg, namespace) for arg in node.args[:1]) if _is_model(model))
            continue
        if isinstance(callee, ast.Attribute) and callee.attr == "model_validate" and any(
                _mentions(arg, event) for arg in node.args):
            model = _resolve(callee.value, namespace)
            if _is_model(model):
                models.append(model)
            continue
        target = _resolve(callee, namespace)
        if isinstance(target, FunctionType) and target.__module__.startswith(package):
            passed_as = _event_parameter(target, node, event)
            if passed_as is not None:
                inner, inner_raw = read_models(target, package, passed_as, seen)
                models.extend(inner)
                raw = raw or inner_raw
    return list(dict.fromkeys(models)), raw and not models


def _closure(function: FunctionType) -> dict[str, Any]:
    if not function.__closure__:
        return {}
    return {name: cell.cell_contents for name, cell in zip(function.__code__.co_freevars, function.__closure__,
                                                             strict=True)}


def subscriptions() -> list[Subscription]:
    """Every (consumer, event type) pair with the models its handler parses."""
    result = []
    for service, consumer in consumers():
        package = COMPONENTS[service][0]
        for event_type, handler in consumer.handlers.items():
            models, raw = read_models(handler, package)
            module: ModuleType | None = inspect.getmodule(handler)
            result.append(Subscription(service, consumer.name, event_type,
                                       f"{module.__name__ if module else '?'}.{handler.__name__}", models, raw))
    return result
