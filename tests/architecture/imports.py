"""The import graph of one package, read from the source (nothing is imported), and its cycles.

Two graphs per package: modules (every import statement anywhere in a module, top level or inside a function,
except under ``if TYPE_CHECKING:``) and domains (the same edges collapsed to the first name under the package,
edges inside one domain dropped). A cycle in either is reported with the file and line of every import on it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = "(package)"  # the package's own __init__, as a domain


@dataclass(frozen=True)
class Import:
    """One import statement of ``source`` that reaches ``target`` (both dotted module names)."""

    source: str
    target: str
    path: Path
    line: int

    def where(self, root: Path) -> str:
        return f"{self.path.relative_to(root)}:{self.line}"


def module_names(package_dir: Path, package: str) -> dict[str, Path]:
    """Every module of the package by dotted name (a package is its ``__init__``); Alembic scripts excluded."""
    modules: dict[str, Path] = {}
    for path in sorted(package_dir.rglob("*.py")):
        relative = path.relative_to(package_dir)
        if "versions" in relative.parts[:-1] and "migrations" in relative.parts:
            continue
        parts = [package, *relative.with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _statements(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth, except those in the body of ``if TYPE_CHECKING:``."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
            continue
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _base(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute module named by a ``from`` statement (relative levels resolved against ``module``)."""
    if node.level == 0:
        return node.module or ""
    parts = module.split(".")
    anchor = parts if is_package else parts[:-1]
    anchor = anchor[: len(anchor) - (node.level - 1)]
    return ".".join([*anchor, *([node.module] if node.module else [])])


def imports_of(module: str, path: Path, modules: dict[str, Path], package: str) -> list[Import]:
    """The edges from ``module`` to other modules of ``package``.

    ``import a.b`` and ``from a import b`` reach the most specific module named: ``a.b`` when it is a module,
    else ``a`` (a package counts as its ``__init__``).
    """
    is_package = path.name == "__init__.py"
    edges: list[Import] = []

    def add(target: str, line: int) -> None:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        edge = Import(module, target, path, line)
        if target and target != module and (target == package or target.startswith(package + ".")) \
                and edge not in edges:  # `from .x import a, b` is one import of x
            edges.append(edge)

    for node in _statements(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno)
            continue
        base = _base(module, is_package, node)
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            add(submodule if submodule in modules else base, node.lineno)
    return edges


def module_graph(package_dir: Path, package: str) -> list[Import]:
    """Every import edge between the package's own modules."""
    modules = module_names(package_dir, package)
    return [edge for name, path in modules.items() for edge in imports_of(name, path, modules, package)]


def domain_of(module: str, package: str) -> str:
    """The first name under the package: a subpackage (``tips``) or a root module (``deps``, ``main``)."""
    rest = module[len(package) + 1:] if module != package else ""
    return rest.split(".")[0] if rest else PACKAGE_ROOT


def domain_graph(edges: list[Import], package: str) -> list[Import]:
    """The module edges collapsed to domains; an import inside one domain is dropped."""
    collapsed: dict[Import, None] = {}
    for edge in edges:
        source, target = domain_of(edge.source, package), domain_of(edge.target, package)
        if source != target:
            collapsed[Import(source, target, edge.path, edge.line)] = None
    return list(collapsed)


def strongly_connected(nodes: set[str], edges: list[Import]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one node (iterative: no recursion limit)."""
    successors: dict[str, list[str]] = {node: [] for node in nodes}
    for edge in edges:
        successors.setdefault(edge.source, []).append(edge.target)
        successors.setdefault(edge.target, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    for root in sorted(successors):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(set(successors[root]))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(set(successors[child])))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return sorted(components)


def a_cycle(component: list[str], edges: list[Import]) -> list[Import]:
    """One shortest cycle through the component's first node, as the import statements that make it."""
    members = set(component)
    by_source: dict[str, list[Import]] = {}
    for edge in sorted(edges, key=lambda e: (e.source, e.target, str(e.path), e.line)):
        if edge.source in members and edge.target in members:
            by_source.setdefault(edge.source, []).append(edge)
    start = component[0]
    came_by: dict[str, Import] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for edge in by_source.get(node, []):
                if edge.target == start:
                    path = [edge]
                    while path[0].source != start:
                        path.insert(0, came_by[path[0].source])
                    return path
                if edge.target not in came_by:
                    came_by[edge.target] = edge
                    following.append(edge.target)
        frontier = following
    raise AssertionError(f"no cycle through {start} in {component}")  # a component always has one


def describe_cycles(nodes: set[str], edges: list[Import], root: Path) -> list[str]:
    """One message per cycle: the members, then each import on one cycle through them with its file and line."""
    messages = []
    for component in strongly_connected(nodes, edges):
        steps = []
        for step in a_cycle(component, edges):
            same = [e for e in edges if (e.source, e.target) == (step.source, step.target)]
            more = f" and {len(same) - 1} more" if len(same) > 1 else ""
            steps.append(f"{step.source} -> {step.target} ({step.where(root)}{more})")
        steps_text = "; ".join(steps)
        pairs = _two_way(component, edges, root) if len(component) > 2 else ""
        messages.append(f"cycle among {', '.join(component)}: {steps_text}{pairs}")
    return messages


def _two_way(component: list[str], edges: list[Import], root: Path) -> str:
    """The pairs of the component that import each other directly: the first places to cut."""
    first: dict[tuple[str, str], Import] = {}
    for edge in sorted(edges, key=lambda e: (str(e.path), e.line)):
        first.setdefault((edge.source, edge.target), edge)
    pairs = [f"{a} <-> {b} ({first[a, b].where(root)}; {first[b, a].where(root)})"
             for a in component for b in component if a < b and (a, b) in first and (b, a) in first]
    return f"; importing each other: {', '.join(pairs)}" if pairs else ""
