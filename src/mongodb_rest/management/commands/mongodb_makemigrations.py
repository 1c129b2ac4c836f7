"""``manage.py mongodb_makemigrations``: write the migration that takes the documents' last recorded state
to what they declare now."""

from __future__ import annotations

import datetime
import re
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ...discovery import project_documents
from ...document_migrations.autodetector import detect, never
from ...document_migrations.loader import Graph, MigrationError, migration_apps, migrations_directory
from ...document_migrations.operations import AddField, Operation
from ...document_migrations.state import state_from_documents
from ...document_migrations.writer import render


class Command(BaseCommand):
    help = (
        "Compare the project's documents with the state their app's mongo_migrations build and write the "
        "next migration. --check exits non-zero when a change has no migration (for CI)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("args", nargs="*", metavar="app_label", help="Only these apps.")
        parser.add_argument("--name", help="The name of the migration (after its number).")
        parser.add_argument("--empty", action="store_true", help="Write a migration with no operations.")
        parser.add_argument(
            "--check", action="store_true", help="Write nothing; exit non-zero when there are changes."
        )
        parser.add_argument("--dry-run", action="store_true", help="Print the operations; write nothing.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Ask nothing: a removed and an added field are never taken for a rename.",
        )

    def handle(
        self,
        *labels: str,
        name: str | None,
        empty: bool,
        check: bool,
        dry_run: bool,
        interactive: bool,
        **options: Any,
    ) -> None:
        if name is not None and not re.fullmatch(r"\w+", name):
            raise CommandError(
                f"--name {name!r} must be a valid Python identifier part (letters, digits, _)."
            )
        documents = project_documents()
        known = migration_apps()
        for label in labels:
            if label not in known:
                raise CommandError(f"No installed app is labelled {label!r}.")
        if empty and not labels:
            raise CommandError("--empty writes a migration for the apps named: give their labels.")
        homeless = sorted({cls._meta.app_label for cls in documents} - set(known))
        if homeless and not labels:
            self.stderr.write(
                f"Documents of {', '.join(map(repr, homeless))} have no migrations: their app label names "
                "no installed app (set meta app_label, or MONGODB_MIGRATION_MODULES)."
            )
        chosen = list(labels) or sorted({cls._meta.app_label for cls in documents} & set(known))
        try:
            graph = Graph.load(known)
            recorded = graph.state()
            declared = state_from_documents(cls for cls in documents if cls._meta.app_label in chosen)
        except (MigrationError, LookupError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        changed = 0
        for app in chosen:
            ask = self._ask if interactive and not check else never
            try:
                operations = [] if empty else detect(recorded.of_app(app), declared.of_app(app), ask)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            if not operations and not empty:
                self.stdout.write(f"No changes detected in app {app!r}.")
                continue
            changed += 1
            self._warn(operations)
            if check or dry_run:
                self.stdout.write(f"Migrations for {app!r}:")
                for operation in operations:
                    self.stdout.write(f"  - {operation.describe()}")
                continue
            self._write(app, graph, name, operations)
        if check and changed:
            raise CommandError(
                f"Documents of {changed} app(s) have changes no migration records: "
                "run mongodb_makemigrations."
            )

    def _ask(self, collection: str, old: str, new: str) -> bool:
        answer = input(f"Did you rename {collection}.{old} to {collection}.{new}? [y/N] ")
        return answer.strip().lower() in ("y", "yes")

    def _warn(self, operations: list[Operation]) -> None:
        for operation in operations:
            if isinstance(operation, AddField) and operation.field.required and not operation.field.backfills:
                self.stderr.write(
                    f"{operation.collection}.{operation.name} is required and has no default: documents "
                    "stored before this migration lack it. Give it a default, or fill it in with a RunPython."
                )

    def _write(self, app: str, graph: Graph, name: str | None, operations: list[Operation]) -> None:
        leaf = graph.leaf(app)
        number = int(leaf[1][:4]) + 1 if leaf else 1
        title = name or ("initial" if number == 1 else _name(operations))
        try:
            directory = migrations_directory(app)
        except MigrationError as exc:
            raise CommandError(str(exc)) from None
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "__init__.py").touch()
        path = directory / f"{number:04d}_{title}.py"
        now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M")
        try:
            source = render(
                f"Generated by mongodb_makemigrations on {now}.", [leaf] if leaf else [], operations
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        path.write_text(source)
        self.stdout.write(f"Migrations for {app!r}:")
        self.stdout.write(f"  {path}")
        for operation in operations:
            self.stdout.write(f"    - {operation.describe()}")


def _name(operations: list[Operation]) -> str:
    """``add_users_nickname``, or ``auto_<time>`` for several operations."""
    if len(operations) == 1:
        words = re.sub(r"[^0-9a-zA-Z]+", "_", operations[0].describe().split(" (")[0].lower())
        return words.strip("_")[:50].rstrip("_")
    return "auto_" + datetime.datetime.now(datetime.UTC).strftime("%Y%m%d_%H%M")
