"""Migration files: where each app keeps them, loading them, and the graph of their dependencies."""

from __future__ import annotations

import hashlib
import importlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from django.apps import apps
from django.conf import settings

from .operations import Operation
from .state import ProjectState

MODULE_NAME = "mongo_migrations"
FILE_NAME = re.compile(r"^(\d{4})_\w+\.py$")

Key = tuple[str, str]  # (app_label, migration name)


class MigrationError(Exception):
    """A migration file or graph that cannot be used as it is; the message names the fix."""


@dataclass
class Migration:
    """One loaded migration file."""

    app_label: str
    name: str
    dependencies: list[Key]
    operations: list[Operation]
    checksum: str

    @property
    def key(self) -> Key:
        return (self.app_label, self.name)

    def __str__(self) -> str:
        return f"{self.app_label}.{self.name}"


def migrations_module(app_label: str) -> str:
    """The package holding the migrations of ``app_label``: ``MONGODB_MIGRATION_MODULES[app_label]``, else
    ``<app package>.mongo_migrations``; MigrationError when the app is not installed."""
    configured = getattr(settings, "MONGODB_MIGRATION_MODULES", {}) or {}
    if app_label in configured:
        return str(configured[app_label])
    try:
        return f"{apps.get_app_config(app_label).name}.{MODULE_NAME}"
    except LookupError:
        raise MigrationError(
            f"The app {app_label!r} is not installed: add it to INSTALLED_APPS or name its migrations "
            "package in MONGODB_MIGRATION_MODULES."
        ) from None


def migrations_directory(app_label: str) -> Path:
    """Where the migration files of ``app_label`` are (or will be) written."""
    module = migrations_module(app_label)
    package, _, last = module.rpartition(".")
    try:
        parent = importlib.import_module(package) if package else None
    except ImportError as exc:
        raise MigrationError(
            f"Cannot import {package!r} to place the migrations of {app_label!r}: {exc}"
        ) from None
    if parent is None or not getattr(parent, "__path__", None):
        raise MigrationError(f"{module!r} must be a package inside a package.")
    return Path(next(iter(parent.__path__))) / last


def _package(app_label: str) -> ModuleType | None:
    module = migrations_module(app_label)
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and module.startswith(exc.name):
            return None
        raise MigrationError(f"The migrations package {module!r} does not import: {exc}") from exc


def load_app(app_label: str) -> list[Migration]:
    """The migrations of one app, in file order; MigrationError for a file that does not import or does
    not define ``dependencies`` and ``operations``."""
    package = _package(app_label)
    if package is None:
        return []
    found = []
    for directory in package.__path__:
        for path in sorted(Path(directory).glob("*.py")):
            if FILE_NAME.match(path.name):
                found.append(_load(app_label, package.__name__, path))
    return found


def _load(app_label: str, package: str, path: Path) -> Migration:
    name = path.stem
    module_name = f"{package}.{name}"
    sys.modules.pop(module_name, None)  # a file rewritten since it was imported is read again
    importlib.invalidate_caches()
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        raise MigrationError(f"The migration {app_label}.{name} ({path}) does not import: {exc!r}") from exc
    dependencies = getattr(module, "dependencies", None)
    operations = getattr(module, "operations", None)
    if not isinstance(dependencies, list) or not isinstance(operations, list):
        raise MigrationError(f"The migration {path} must define the lists `dependencies` and `operations`.")
    for operation in operations:
        if not isinstance(operation, Operation):
            raise MigrationError(f"{path}: {operation!r} is not a migration operation.")
    keys = [(str(app), str(other)) for app, other in dependencies]
    checksum = hashlib.sha256(path.read_bytes()).hexdigest()
    return Migration(app_label, name, keys, list(operations), checksum)


@dataclass
class Graph:
    """Migrations and their dependencies, checked: no dependency missing, no cycle."""

    nodes: dict[Key, Migration] = field(default_factory=dict)

    @classmethod
    def load(cls, app_labels: list[str]) -> Graph:
        """The migrations of ``app_labels`` and of every app they depend on."""
        graph = cls()
        pending, seen = list(app_labels), set()
        while pending:
            label = pending.pop()
            if label in seen:
                continue
            seen.add(label)
            for migration in load_app(label):
                graph.nodes[migration.key] = migration
                pending.extend(app for app, _ in migration.dependencies if app not in seen)
        for migration in graph.nodes.values():
            for dependency in migration.dependencies:
                if dependency not in graph.nodes:
                    raise MigrationError(
                        f"The migration {migration} depends on {dependency[0]}.{dependency[1]}, "
                        "which does not exist."
                    )
        graph.order()  # raises on a cycle
        return graph

    def order(self, keys: list[Key] | None = None) -> list[Migration]:
        """``keys`` (every migration by default) and what they depend on, each after its dependencies."""
        ordered: list[Migration] = []
        done: set[Key] = set()
        path: list[Key] = []

        def visit(key: Key) -> None:
            if key in done:
                return
            if key in path:
                cycle = " -> ".join(f"{app}.{name}" for app, name in [*path[path.index(key) :], key])
                raise MigrationError(f"The migrations depend on each other in a cycle: {cycle}.")
            path.append(key)
            for dependency in self.nodes[key].dependencies:
                visit(dependency)
            path.pop()
            done.add(key)
            ordered.append(self.nodes[key])

        for key in sorted(self.nodes) if keys is None else keys:
            visit(key)
        return ordered

    def leaf(self, app_label: str) -> Key | None:
        """The last migration of an app (the one no other of the app depends on)."""
        own = [key for key in self.nodes if key[0] == app_label]
        return max(own) if own else None

    def find(self, app_label: str, name: str) -> Migration:
        """The migration of ``app_label`` named ``name`` or starting with it (``0002``); MigrationError
        naming the app's migrations when none or several match."""
        own = sorted(key for key in self.nodes if key[0] == app_label)
        exact = [key for key in own if key[1] == name] or [key for key in own if key[1].startswith(name)]
        if len(exact) != 1:
            known = ", ".join(key[1] for key in own) or "none"
            problem = "matches several migrations" if exact else "names no migration"
            raise MigrationError(f"{name!r} {problem} of the app {app_label!r} (it has: {known}).")
        return self.nodes[exact[0]]

    def descendants(self, key: Key) -> set[Key]:
        """The migrations that depend on ``key``, directly or not."""
        found: set[Key] = set()
        changed = True
        while changed:
            changed = False
            for node, migration in self.nodes.items():
                if node not in found and any(d == key or d in found for d in migration.dependencies):
                    found.add(node)
                    changed = True
        return found

    def state(self, until: list[Migration] | None = None) -> ProjectState:
        """The state the migrations build (those in ``until`` only, in order, when given)."""
        state = ProjectState()
        for migration in self.order() if until is None else until:
            for operation in migration.operations:
                operation.state_forwards(state, migration.app_label)
        return state


def migration_apps() -> list[str]:
    """The apps that may have migrations: installed apps and those of ``MONGODB_MIGRATION_MODULES``."""
    configured = getattr(settings, "MONGODB_MIGRATION_MODULES", {}) or {}
    return sorted({config.label for config in apps.get_app_configs()} | set(configured))
