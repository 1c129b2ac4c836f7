"""``manage.py mongodb_migrate``: apply the project's document migrations, or unapply them back to one."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from ...connection import forget_prepared_collections
from ...document_migrations.executor import DEFAULT_ATOMIC_LIMIT, DEFAULT_BATCH_SIZE, Executor
from ...document_migrations.loader import Graph, Migration, MigrationError, migration_apps
from ...document_migrations.operations import IrreversibleError
from ...driver_errors import translated
from ..base import ConnectionCommand


class Command(ConnectionCommand):
    help = (
        "Apply unapplied document migrations in dependency order, or unapply back to MIGRATION (zero: all "
        "of the app). Each is recorded in the mongodb_migrations collection once all its operations ran."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("app_label", nargs="?", help="Only this app (and what it depends on).")
        parser.add_argument("migration", nargs="?", help="Migrate to this one (a name, its number, or zero).")
        parser.add_argument("--plan", action="store_true", help="Print what would run; run nothing.")
        parser.add_argument("--fake", action="store_true", help="Record (or forget) without running.")
        parser.add_argument("--list", action="store_true", help="List every migration, [X] when applied.")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help=(
                "Documents per update of a data operation "
                f"(MONGODB_MIGRATIONS_BATCH_SIZE, {DEFAULT_BATCH_SIZE})."
            ),
        )

    def handle(
        self,
        *args: Any,
        database: str,
        app_label: str | None,
        migration: str | None,
        plan: bool,
        fake: bool,
        list: bool,
        batch_size: int | None,
        **options: Any,
    ) -> None:
        configured: int = getattr(settings, "MONGODB_MIGRATIONS_BATCH_SIZE", DEFAULT_BATCH_SIZE)
        size = configured if batch_size is None else batch_size
        if size < 1:
            raise CommandError("--batch-size must be a positive number of documents.")
        try:
            graph = Graph.load(migration_apps())
            if app_label is not None and not any(key[0] == app_label for key in graph.nodes):
                raise MigrationError(f"The app {app_label!r} has no migrations.")
            target = None
            if migration is not None and migration != "zero":
                assert app_label is not None
                target = graph.find(app_label, migration)
        except MigrationError as exc:
            raise CommandError(str(exc)) from None
        limit: int = getattr(settings, "MONGODB_MIGRATIONS_ATOMIC_LIMIT", DEFAULT_ATOMIC_LIMIT)
        executor = Executor(self.connection(database).db, database, graph, size, self._progress, limit)
        with translated(database):
            if list:
                self._list(executor)
                return
            steps = executor.plan(app_label, target, migration == "zero")
        if not steps:
            self.stdout.write("No migrations to apply.")
            return
        try:
            for item, forwards in steps:
                self._run(executor, item, forwards, plan=plan, fake=fake)
        finally:
            forget_prepared_collections(database)  # collections and indexes may have changed

    def _run(
        self, executor: Executor, migration: Migration, forwards: bool, *, plan: bool, fake: bool
    ) -> None:
        verb = "Apply" if forwards else "Unapply"
        if plan:
            self.stdout.write(f"{verb} {migration}")
            for operation in migration.operations if forwards else reversed(migration.operations):
                self.stdout.write(f"    {operation.describe()}")
            return
        self.stdout.write(f"{verb}ing {migration}{' (fake)' if fake else ''}...")
        try:
            with translated(executor.alias):
                if fake:
                    (executor.record if forwards else executor.unrecord)(migration)
                elif forwards:
                    executor.apply(migration)
                else:
                    executor.unapply(migration)
        except IrreversibleError as exc:
            raise CommandError(f"{migration} cannot be unapplied: {exc}") from None
        except Exception as exc:  # a driver error, or one of a hand-written step
            raise CommandError(
                f"{migration} failed and is not recorded: {type(exc).__name__}: {exc} Fix the cause and run "
                "mongodb_migrate again; its data operations resume where they stopped."
            ) from exc
        self.stdout.write(self.style.SUCCESS(f"  {migration}: OK"))

    def _list(self, executor: Executor) -> None:
        applied = executor.applied()
        for app in sorted({key[0] for key in executor.graph.nodes}):
            self.stdout.write(app)
            for key in sorted(key for key in executor.graph.nodes if key[0] == app):
                migration = executor.graph.nodes[key]
                record = applied.get(key)
                mark = "[X]" if record else "[ ]"
                edited = record and record.get("checksum") != migration.checksum
                self.stdout.write(f" {mark} {key[1]}{' (edited since it was applied)' if edited else ''}")

    def _progress(self, line: str, final: bool) -> None:
        if final:
            self.stdout.write(f"\r    {line}" if self.stdout.isatty() else f"    {line}")
        elif self.stdout.isatty():
            self.stdout.write(f"\r    {line}", ending="")
            self.stdout.flush()
