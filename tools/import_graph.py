"""Check the import graph of src/mongodb_rest: no import circle, and a core that imports no face.

Usage: ``python tools/import_graph.py [PACKAGE_DIR]`` (default ``src/mongodb_rest``) exits 1, naming each
circle and each offending import, when

- modules import each other in a circle (module-level and function-level imports both count; imports
  under ``if TYPE_CHECKING:`` are type-only and do not), or
- a core module (anything outside the faces and the integrations) imports a face (``aio``, ``sync``) or
  an integration (``apps``, ``rest_framework``, ``contrib``, ``management``, ``testing``,
  ``document_migrations``, the package itself).
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACES = ("aio", "sync")
INTEGRATIONS = ("apps", "rest_framework", "contrib", "management", "testing", "document_migrations")


@dataclass(frozen=True)
class Import:
    """One import statement's edge: ``source`` imports ``target`` at ``line``."""

    source: str
    target: str
    line: int
    type_only: bool


def module_names(package_dir: Path) -> dict[str, Path]:
    """Every module of the package under ``package_dir``, by dotted name (packages by their own name)."""
    package = package_dir.name
    modules: dict[str, Path] = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [package, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported_names(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The dotted names ``node`` may load: a module, or a module's attribute that may be a submodule."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        anchor = module.split(".")
        if not is_package:
            anchor.pop()
        anchor = anchor[: len(anchor) - (node.level - 1)] if node.level > 1 else anchor
        base = ".".join([*anchor, base] if base else anchor)
    return [f"{base}.{alias.name}" if alias.name != "*" else base for alias in node.names]


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The package's module that importing ``name`` runs last: its longest prefix that is a module."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    """The imports of ``module`` that land in the package, type-only or not."""
    found: list[Import] = []

    def visit(node: ast.AST, type_only: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, True)
            for child in node.orelse:
                visit(child, type_only)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            for name in _imported_names(node, module, path.name == "__init__.py"):
                target = _resolve(name, modules)
                if target is not None and target != module:
                    found.append(Import(module, target, node.lineno, type_only))
            return
        for child in ast.iter_child_nodes(node):
            visit(child, type_only)

    visit(ast.parse(path.read_text(), str(path)), False)
    return found


def layer(module: str, package: str) -> str:
    """``face``, ``integration`` or ``core``: what ``module`` of ``package`` belongs to."""
    parts = module.split(".")
    if len(parts) == 1:
        return "integration"  # the package itself re-exports the async face
    if parts[1] in FACES:
        return "face"
    return "integration" if parts[1] in INTEGRATIONS else "core"


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One circle through each strongly connected group of modules (Tarjan), as a closed path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return [_circle_in(group, edges) for group in sorted(groups)]


def _circle_in(group: list[str], edges: dict[str, set[str]]) -> list[str]:
    """A shortest circle from the group's first module back to itself, staying inside the group."""
    members = set(group)
    start = group[0]
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for target in sorted(edges.get(node, ()) & members):
                if target == start:
                    return [*paths[node], start]
                if target not in paths:
                    paths[target] = [*paths[node], target]
                    following.append(target)
        frontier = following
    raise AssertionError("a strongly connected group always holds a circle")


def problems(package_dir: Path) -> list[str]:
    """What is wrong with the import graph of the package under ``package_dir``, one line each."""
    modules = module_names(package_dir)
    package = package_dir.name
    edges: dict[str, set[str]] = {module: set() for module in modules}
    found: list[str] = []
    for module, path in modules.items():
        for edge in imports_of(module, path, modules):
            if edge.type_only:
                continue
            edges[module].add(edge.target)
            if layer(module, package) == "core" and layer(edge.target, package) != "core":
                found.append(
                    f"{path.relative_to(package_dir.parent)}:{edge.line}: core module {module} "
                    f"imports {edge.target} ({layer(edge.target, package)})"
                )
    found.extend("import circle: " + " -> ".join(circle) for circle in cycles(edges))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", type=Path, default=ROOT / "src/mongodb_rest")
    found = problems(parser.parse_args().package.resolve())
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
