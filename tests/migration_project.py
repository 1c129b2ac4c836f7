"""A throwaway Django app in a temporary directory, for the migration tests: its documents module is
rewritten between steps and its mongo_migrations package is written by the commands."""

from __future__ import annotations

import importlib
import io
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management import call_command

from mongodb_rest.document import registry


@dataclass
class MigrationProject:
    """Apps (packages) under ``root``, imported afresh by each test; ``declare()`` replaces an app's
    documents."""

    root: Path
    apps: dict[str, str] = field(default_factory=dict)  # label -> package

    def add_app(self, label: str) -> str:
        package = label  # documents of ``<package>.documents`` take the package as their app label
        (self.root / package).mkdir()
        (self.root / package / "__init__.py").write_text("")
        self.apps[label] = package
        return package

    def modules(self) -> dict[str, str]:
        """``MONGODB_MIGRATION_MODULES`` for the apps."""
        return {label: f"{package}.mongo_migrations" for label, package in self.apps.items()}

    def declare(self, label: str, source: str) -> Any:
        """Replace the documents of app ``label`` with those ``source`` defines; return the module."""
        package = self.apps[label]
        module = f"{package}.documents"
        (self.root / package / "documents.py").write_text(
            "from mongodb_rest import Document, EmbeddedDocument\n"
            "from mongodb_rest.fields import *  # noqa: F403\n\n" + textwrap.dedent(source)
        )
        self.forget(module)
        importlib.invalidate_caches()
        return importlib.import_module(module)

    def forget(self, module: str) -> None:
        sys.modules.pop(module, None)
        for classes in registry._classes.values():
            classes[:] = [cls for cls in classes if cls.__module__ != module]

    def close(self) -> None:
        for package in self.apps.values():
            self.forget(f"{package}.documents")
            for name in [name for name in sys.modules if name.startswith(package)]:
                del sys.modules[name]

    def migrations(self, label: str) -> list[Path]:
        directory = self.root / self.apps[label] / "mongo_migrations"
        return sorted(path for path in directory.glob("0*.py")) if directory.exists() else []

    def write_migration(self, label: str, name: str, source: str) -> Path:
        directory = self.root / self.apps[label] / "mongo_migrations"
        directory.mkdir(exist_ok=True)
        (directory / "__init__.py").touch()
        path = directory / f"{name}.py"
        path.write_text(textwrap.dedent(source))
        return path


def run(*args: str, **options: Any) -> tuple[str, str]:
    """Run a management command; its stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()
