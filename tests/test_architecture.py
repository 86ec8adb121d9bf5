"""The architecture rules that code can check: no service imports another, tables are owned once."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from sqlalchemy import MetaData

ROOT = Path(__file__).resolve().parents[1]
COMPONENTS = {
    "eldersafe_gateway": ROOT / "gateway/eldersafe_gateway",
    "eldersafe_registry": ROOT / "services/registry/eldersafe_registry",
    "eldersafe_inspection": ROOT / "services/inspection/eldersafe_inspection",
    "eldersafe_rectification": ROOT / "services/rectification/eldersafe_rectification",
    "eldersafe_notification": ROOT / "services/notification/eldersafe_notification",
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(COMPONENTS))
def test_a_component_imports_no_other_component(package: str) -> None:
    others = set(COMPONENTS) - {package}
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & others)
        for path in COMPONENTS[package].rglob("*.py")
        if _imports(path) & others
    }
    assert offenders == {}


def test_shared_library_knows_no_component() -> None:
    for path in (ROOT / "libs/common/eldersafe_common").rglob("*.py"):
        assert not _imports(path) & set(COMPONENTS), path


def _metadata(package: str) -> MetaData:
    models = importlib.import_module(f"{package}.models")
    registries = [value for value in vars(models).values() if type(value).__name__ == "registry"]
    assert len(registries) == 1, f"{package}.models must define exactly one SQLAlchemy registry"
    return registries[0].metadata


def test_every_table_has_one_owner() -> None:
    """One SQLite file holds every service in the embedded mode, so table names must not collide."""
    from eldersafe_common.events import events_registry

    owners: dict[str, list[str]] = {name: ["events"] for name in events_registry.metadata.tables}
    for package in COMPONENTS:
        if not (COMPONENTS[package] / "models.py").exists():
            continue
        for table in _metadata(package).tables:
            owners.setdefault(table, []).append(package)
    assert {table: who for table, who in owners.items() if len(who) > 1} == {}


ENTRY_POINTS = [f"{package}.{module}" for package in COMPONENTS for module in ("main", "worker", "migrate")
                if (COMPONENTS[package] / f"{module}.py").exists()]


@pytest.mark.parametrize("module", ENTRY_POINTS)
def test_every_entry_point_imports_on_its_own(module: str) -> None:
    """Each process starts from a different module; a circular import shows only in a fresh interpreter."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True,
                            check=False, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
