"""The architecture rules that code can check: no service imports another, tables are owned once, routers hold
no query, repositories no role rule, files stay under 400 lines, and imports run one way inside each package."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from sqlalchemy import MetaData

from tests.architecture import imports, layers

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
    """The package's metadata: collected by ``metadata.py`` where the tables live in the domains, else ``models.py``."""
    collector = "metadata" if (COMPONENTS[package] / "metadata.py").exists() else "models"
    module = importlib.import_module(f"{package}.{collector}")
    found = {id(value): value.metadata if type(value).__name__ == "registry" else value
             for value in vars(module).values() if type(value).__name__ == "registry" or isinstance(value, MetaData)}
    metadatas = {id(metadata): metadata for metadata in found.values()}
    assert len(metadatas) == 1, f"{package}.{collector} must expose exactly one SQLAlchemy registry or MetaData"
    return next(iter(metadatas.values()))


def test_every_table_has_one_owner() -> None:
    """One SQLite file holds every service in the embedded mode, so table names must not collide."""
    from eldersafe_common.events import events_registry

    owners: dict[str, list[str]] = {name: ["events"] for name in events_registry.metadata.tables}
    for package in COMPONENTS:
        if not any((COMPONENTS[package] / name).exists() for name in ("models.py", "metadata.py")):
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


# Every package that keeps the layering rules: the components and the shared library.
PACKAGES = {**COMPONENTS, "eldersafe_common": ROOT / "libs/common/eldersafe_common"}
# Where files must stay under the size limit.
SOURCE_DIRECTORIES = [ROOT / "libs", ROOT / "gateway", ROOT / "services", ROOT / "deploy", ROOT / "frontend/src"]


def _python_files(package: str) -> list[Path]:
    return [path for path in sorted(PACKAGES[package].rglob("*.py")) if "versions" not in path.parts]


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_routers_hold_no_query(package: str) -> None:
    """A router parses, calls a service and returns; queries live in the domain's repository."""
    found = [finding for path in layers.named_like(_python_files(package), "router")
             for finding in layers.queries_in_router(path, ROOT)]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_repositories_decide_no_roles(package: str) -> None:
    """Who may do what is the service's (or access.py's) rule; a repository only reads and writes."""
    found = [finding for path in layers.named_like(_python_files(package), "repository")
             for finding in layers.role_rules_in_repository(path, ROOT)]
    assert found == [], "\n".join(found)


def test_no_source_file_is_over_400_lines() -> None:
    """A file that long holds several concerns; split it by concern (dictionaries, migrations, generated excepted)."""
    found = layers.long_files(SOURCE_DIRECTORIES, ROOT)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_modules_import_without_cycles(package: str) -> None:
    """Every import counts, inside functions too (only ``if TYPE_CHECKING:`` is not run)."""
    edges = imports.module_graph(PACKAGES[package], package)
    nodes = set(imports.module_names(PACKAGES[package], package))
    cycles = imports.describe_cycles(nodes, edges, ROOT)
    assert cycles == [], "\n".join(cycles)


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_domains_import_one_way(package: str) -> None:
    """Collapsed to the first name under the package (``tips``, ``deps``, ``main``), imports form no cycle."""
    edges = imports.domain_graph(imports.module_graph(PACKAGES[package], package), package)
    nodes = {imports.domain_of(name, package) for name in imports.module_names(PACKAGES[package], package)}
    cycles = imports.describe_cycles(nodes, edges, ROOT)
    assert cycles == [], "\n".join(cycles)


@pytest.mark.parametrize("package", sorted(COMPONENTS))
def test_no_models_module_gathers_the_domains(package: str) -> None:
    """Tables collected for Alembic by ``metadata.py``, which nothing in the service imports (its migrations may).

    A root ``models.py`` that imports every domain while the domains import it for their base is a cycle with every
    domain; a root ``models.py`` that holds the tables itself and imports no domain (registry, gateway) is a leaf.
    The base class lives in ``base.py`` where the tables live in the domains.
    """
    edges = imports.module_graph(PACKAGES[package], package)
    modules = imports.module_names(PACKAGES[package], package)
    subpackages = {name for name, path in modules.items() if path.name == "__init__.py" and name != package}
    aggregating = sorted(edge.where(ROOT) for edge in edges if edge.source == f"{package}.models"
                         and f"{package}.{imports.domain_of(edge.target, package)}" in subpackages)
    assert aggregating == [], f"{package}.models imports the service's modules ({aggregating}): use metadata.py"
    importers = sorted(f"{edge.where(ROOT)} ({edge.source})" for edge in edges
                       if edge.target == f"{package}.metadata" and not edge.source.startswith(f"{package}.migrations"))
    assert importers == [], f"{package}.metadata is for Alembic alone, imported by {importers}"
