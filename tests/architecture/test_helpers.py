"""The architecture test's own helpers, on small packages written for the purpose: each finds what it must and
nothing else, so a green architecture test means the rule holds, not that the detector is blind."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests.architecture import imports, layers


def _package(root: Path, files: dict[str, str]) -> Path:
    package = root / "pkg"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return package


def _cycles(root: Path, package: Path, *, domains: bool = False) -> list[str]:
    edges = imports.module_graph(package, "pkg")
    nodes = set(imports.module_names(package, "pkg"))
    if domains:
        edges = imports.domain_graph(edges, "pkg")
        nodes = {imports.domain_of(name, "pkg") for name in nodes}
    return imports.describe_cycles(nodes, edges, root)


def test_a_cycle_through_a_function_level_import_is_found_with_its_lines(tmp_path: Path) -> None:
    package = _package(tmp_path, {
        "__init__.py": "",
        "a.py": "from . import b\n",
        "b.py": "def late():\n    from .a import thing\n    return thing\n",
    })
    assert _cycles(tmp_path, package) == [
        "cycle among pkg.a, pkg.b: pkg.a -> pkg.b (pkg/a.py:1); pkg.b -> pkg.a (pkg/b.py:2)"]


def test_imports_for_type_checking_only_make_no_edge(tmp_path: Path) -> None:
    package = _package(tmp_path, {
        "__init__.py": "",
        "a.py": "from . import b\n",
        "b.py": """\
            from typing import TYPE_CHECKING
            if TYPE_CHECKING:
                from .a import Thing
            else:
                Thing = object
        """,
    })
    assert _cycles(tmp_path, package) == []


def test_the_else_branch_of_type_checking_still_counts(tmp_path: Path) -> None:
    package = _package(tmp_path, {
        "__init__.py": "",
        "a.py": "import pkg.b\n",
        "b.py": "import typing\nif typing.TYPE_CHECKING:\n    pass\nelse:\n    from pkg import a\n",
    })
    assert len(_cycles(tmp_path, package)) == 1


def test_from_package_import_module_reaches_the_module_and_a_name_reaches_the_init(tmp_path: Path) -> None:
    package = _package(tmp_path, {
        "__init__.py": "from .tips import service\n",
        "tips/__init__.py": "VALUE = 1\n",
        "tips/service.py": "from ..tips import VALUE\n",
        "tips/router.py": "from . import service\n",
    })
    edges = {(edge.source, edge.target) for edge in imports.module_graph(package, "pkg")}
    assert edges == {("pkg", "pkg.tips.service"), ("pkg.tips.service", "pkg.tips"),
                     ("pkg.tips.router", "pkg.tips.service")}


def test_domains_collapse_to_the_first_name_and_ignore_their_own_imports(tmp_path: Path) -> None:
    package = _package(tmp_path, {
        "__init__.py": "",
        "deps.py": "",
        "tips/__init__.py": "",
        "tips/service.py": "from ..inspections import service\nfrom . import helpers\nfrom .. import deps\n",
        "tips/helpers.py": "from . import service\n",
        "inspections/__init__.py": "",
        "inspections/service.py": "",
        "inspections/router.py": "def f():\n    from ..tips.service import x\n",
    })
    module_cycles = _cycles(tmp_path, package)
    assert len(module_cycles) == 1 and "pkg.tips.helpers" in module_cycles[0]  # tips' own cycle is a module cycle
    assert _cycles(tmp_path, package, domains=True) == [
        "cycle among inspections, tips: inspections -> tips (pkg/inspections/router.py:2); "
        "tips -> inspections (pkg/tips/service.py:1)"]


def test_a_router_calling_its_service_update_is_not_a_query(tmp_path: Path) -> None:
    router = tmp_path / "router.py"
    router.write_text(textwrap.dedent("""\
        from sqlalchemy import delete as sa_delete
        from sqlmodel import select
        from . import service

        def update(session):
            service.update(session=session)
            service.delete(session=session)
            rows = session.exec(select(Thing))
            sa_delete(Thing)
            return session.get(Thing, 1)
    """))
    assert layers.queries_in_router(router, tmp_path) == [
        "router.py:8: select(...) builds a query in a router",
        "router.py:8: session.exec(...) queries in a router",
        "router.py:9: sa_delete(...) builds a query in a router",
        "router.py:10: session.get(...) queries in a router",
    ]


def test_a_longer_cycle_names_the_pairs_that_import_each_other(tmp_path: Path) -> None:
    package = _package(tmp_path, {
        "__init__.py": "",
        "a.py": "from . import b\n",
        "b.py": "from . import a, c\n",
        "c.py": "from . import a\n",
    })
    assert _cycles(tmp_path, package) == [
        "cycle among pkg.a, pkg.b, pkg.c: pkg.a -> pkg.b (pkg/a.py:1); pkg.b -> pkg.a (pkg/b.py:1); "
        "importing each other: pkg.a <-> pkg.b (pkg/a.py:1; pkg/b.py:1)"]


def test_a_repository_naming_roles_is_found_but_a_docstring_is_not(tmp_path: Path) -> None:
    repository = tmp_path / "repository.py"
    repository.write_text(textwrap.dedent('''\
        """Forbidden words in a docstring are words: Role.admin."""
        from eldersafe_common.auth import Role
        from eldersafe_common.errors import Forbidden

        def visible(session, principal):
            if principal.role == Role.admin:
                raise Forbidden("no")
    '''))
    assert layers.role_rules_in_repository(repository, tmp_path) == [
        "repository.py:2: imports Role into a repository",
        "repository.py:3: imports Forbidden into a repository",
        "repository.py:6: Role in a repository",
        "repository.py:6: principal.role in a repository",
        "repository.py:7: Forbidden in a repository",
    ]


def test_long_files_count_source_but_not_dictionaries_migrations_or_generated_files(tmp_path: Path) -> None:
    long = "x = 1\n" * 401
    for name, text in {
        "svc/long.py": long,
        "svc/ok.py": "x = 1\n" * 400,
        "svc/migrations/versions/0001.py": long,
        "src/i18n/zh-CN.ts": long,
        "src/api/schema.d.ts": "/**\n * This file was auto-generated by openapi-typescript.\n */\n" + long,
        "src/View.vue": long,
        "src/notes.md": long,
    }.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    assert layers.long_files([tmp_path / "svc", tmp_path / "src"], tmp_path) == [
        "svc/long.py: 401 lines (at most 400)", "src/View.vue: 401 lines (at most 400)"]
