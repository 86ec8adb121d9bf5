"""Every problem ``code`` a package can answer, read from its source, so that the OpenAPI document publishes
them (``x-problem-codes`` on the Problem schema) without a list kept by hand: ``python -m
eldersafe_common.problem_codes`` writes each package's ``problem_codes.json`` and a test keeps them in step.

A code is found where it is given to an error: ``Invalid(..., code="x")`` and the other :class:`DomainError`
classes (and a package's own subclasses, whose ``code = "x"`` class attribute counts too), and any function that
passes its ``code`` parameter on to one of those (``_invalid(..., code="x")``, ``problem_response(..., code=…)``,
``problem_body(status, title, detail, "x", …)``), however deep. Conditional expressions give each of their
literal branches. The handlers' own codes (``validation_failed``, ``malformed_json``, ``version_conflict``,
``not_found`` / ``method_not_allowed`` for unrouted requests, ``internal_error``) are in ``eldersafe_common``.

The SPA has a sentence for each code in both languages (``frontend/src/i18n/problems/*.json``);
``tests/test_problem_codes.py`` reads the OpenAPI documents and fails on a code without one.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

# The OpenAPI extension on the Problem schema that lists them (the gateway merges the services' lists).
PROBLEM_CODES = "x-problem-codes"
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_ROOT_ERROR = "DomainError"


def _files(package: str) -> Iterator[Path]:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return
    for location in spec.submodule_search_locations:
        for path in sorted(Path(location).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _literals(node: ast.AST) -> set[str]:
    """The codes an expression can give: a constant, either branch of ``a if c else b``, any operand of ``or``."""
    if isinstance(node, ast.Constant):
        return {node.value} if isinstance(node.value, str) and _CODE.match(node.value) else set()
    if isinstance(node, ast.IfExp):
        return _literals(node.body) | _literals(node.orelse)
    if isinstance(node, ast.BoolOp):
        return set().union(*(_literals(value) for value in node.values))
    return set()


def _code_argument(call: ast.Call, position: int | None) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == "code":
            return keyword.value
    if position is not None and position < len(call.args):
        return call.args[position]
    return None


class _Scan:
    """One walk over the trees collects classes, calls and the functions taking ``code``; the fixpoints then run
    over those short lists only (the scan runs when a service first serves its OpenAPI document)."""

    def __init__(self, trees: list[ast.Module]):
        self.classes: list[ast.ClassDef] = []
        self.calls: list[ast.Call] = []
        functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    self.calls.append(node)
                elif isinstance(node, ast.ClassDef):
                    self.classes.append(node)
                elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    functions.append(node)
        self.errors = self._error_classes()
        self.passers = self._code_passers(functions)

    def _error_classes(self) -> set[str]:
        errors = {_ROOT_ERROR}
        changed = True
        while changed:
            changed = False
            for node in self.classes:
                if node.name not in errors and any(_name(base) in errors for base in node.bases):
                    errors.add(node.name)
                    changed = True
        return errors

    def _takes_code(self, call: ast.Call, passers: dict[str, int | None]) -> ast.expr | None:
        callee = _name(call.func)
        if callee in self.errors or callee == "Problem":
            return _code_argument(call, None)
        if callee in passers:
            return _code_argument(call, passers[callee])
        return None

    def _code_passers(self, functions: list[ast.FunctionDef | ast.AsyncFunctionDef]) -> dict[str, int | None]:
        """Functions with a ``code`` parameter that they hand to an error (directly or through another)."""
        candidates = []
        for function in functions:
            positional = [arg.arg for arg in function.args.posonlyargs + function.args.args]
            if "code" not in positional + [arg.arg for arg in function.args.kwonlyargs]:
                continue
            inner = [node for node in ast.walk(function) if isinstance(node, ast.Call | ast.Dict)]
            candidates.append((function.name, positional.index("code") if "code" in positional else None, inner))
        passers: dict[str, int | None] = {}
        changed = True
        while changed:
            changed = False
            for name, position, inner in candidates:
                if name not in passers and any(self._passes_on(node, passers) for node in inner):
                    passers[name] = position
                    changed = True
        return passers

    def _passes_on(self, node: ast.AST, passers: dict[str, int | None]) -> bool:
        """``node`` hands the parameter ``code`` to an error, a Problem, a passer, or a problem's ``"code"`` key."""
        if isinstance(node, ast.Call):
            given = self._takes_code(node, passers)
            return isinstance(given, ast.Name) and given.id == "code"
        if isinstance(node, ast.Dict):
            return any(isinstance(key, ast.Constant) and key.value == "code" and isinstance(value, ast.Name)
                       and value.id == "code" for key, value in zip(node.keys, node.values, strict=True))
        return False

    def codes(self) -> set[str]:
        found: set[str] = set()
        for call in self.calls:
            given = self._takes_code(call, self.passers)
            if given is not None:
                found |= _literals(given)
        for node in self.classes:
            if node.name in self.errors:
                for statement in node.body:
                    if isinstance(statement, ast.Assign) and any(_name(t) == "code" for t in statement.targets):
                        found |= _literals(statement.value)
        return found


PACKAGES = ("eldersafe_common", "eldersafe_gateway", "eldersafe_registry", "eldersafe_inspection",
            "eldersafe_rectification", "eldersafe_notification")
FILE_NAME = "problem_codes.json"


def _folder(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def scan(package: str) -> list[str]:
    """The codes ``package``'s source gives to its errors (read with ``ast``; development and tests only)."""
    def trees(name: str) -> list[ast.Module]:
        return [ast.parse(path.read_text(encoding="utf-8"), filename=str(path)) for path in _files(name)]

    if package == "eldersafe_common":
        return sorted(_Scan(trees(package)).codes())
    # The error classes and code-passing helpers live in eldersafe_common: scan together, keep the package's own.
    common = trees("eldersafe_common")
    return sorted(_Scan([*common, *trees(package)]).codes() - _Scan(common).codes())


@lru_cache(maxsize=16)
def _published(package: str) -> tuple[str, ...]:
    folder = _folder(package)
    if folder is None or not (folder / FILE_NAME).exists():
        return ()
    return tuple(json.loads((folder / FILE_NAME).read_text(encoding="utf-8")))


def problem_codes(packages: Iterable[str]) -> list[str]:
    """Every problem code the given packages (plus ``eldersafe_common``) can answer, sorted.

    Read from each package's committed ``problem_codes.json``: parsing source at run time would put ``ast`` in a
    web process (CPython 3.11's parser is not safe across threads). ``tests/test_problem_codes.py`` fails when a
    file differs from the source; ``python -m eldersafe_common.problem_codes --write`` rewrites them."""
    return sorted(set().union(*(_published(package) for package in {"eldersafe_common", *packages})))


def write(packages: Iterable[str] = PACKAGES) -> list[Path]:
    """Rewrite each package's ``problem_codes.json`` from its source; returns the files that changed."""
    changed = []
    for package in packages:
        folder = _folder(package)
        if folder is None:
            continue
        path, text = folder / FILE_NAME, json.dumps(scan(package), indent=1) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    _published.cache_clear()
    return changed


if __name__ == "__main__":
    for changed_path in write():
        print(f"rewrote {changed_path}")
