"""``manage.py mongodb_indexes``: create the indexes documents declare; ``--check`` reports drift."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from ...connection import forget_prepared_collections
from ...document.storage import already_exists, collection_setup
from ...driver_errors import translated
from ...errors import OperationError
from ...index_plan import IndexPlan, collection_declarations, plan_indexes
from ..base import ConnectionCommand


class Command(ConnectionCommand):
    help = (
        "Create the indexes the project's documents declare (meta indexes, unique fields) on their "
        "collections. --check changes nothing and exits non-zero when indexes drift."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "args", nargs="*", metavar="app_label[.ObjectName]", help="Only these apps or documents."
        )
        parser.add_argument(
            "--check", action="store_true", help="Print the differences and exit non-zero when there are any."
        )
        parser.add_argument(
            "--drop-extra",
            action="store_true",
            help="Also drop indexes no document declares, and rebuild those whose options changed.",
        )

    def handle(self, *labels: str, database: str, check: bool, drop_extra: bool, **options: Any) -> None:
        if check and drop_extra:
            raise CommandError("--check changes nothing: it cannot be combined with --drop-extra.")
        documents = self.documents(database, labels)
        db = self.connection(database).db
        if not documents:
            self.stdout.write(f"No documents are stored through connection {database!r}.")
            return
        drifted, failed = 0, 0
        for collection, (classes, declared, clashes) in collection_declarations(documents).items():
            with translated(database):
                present = [dict(index) for index in db.get_collection(collection).list_indexes()]
            plan = plan_indexes(collection, classes, declared, present, drop_extra)
            title = f"{collection} ({', '.join(plan.labels)})"
            if check:
                if plan.lines() or clashes:
                    drifted += 1
                    self.stdout.write(self.style.WARNING(f"{title}: indexes differ"))
                    for line in plan.lines() + clashes:
                        self.stdout.write(f"  {line}")
                else:
                    self.stdout.write(f"{title}: in sync")
                continue
            if clashes:
                failed += 1
                self._problems(title, clashes)
                continue
            try:
                self._apply(db, classes, plan, title)
            except OperationError as exc:
                failed += 1
                self._problems(title, [str(exc)])
                continue
            if plan.conflicts:
                failed += 1
                self._problems(title, plan.conflicts)
        forget_prepared_collections(database)
        if drifted:
            raise CommandError(f"Indexes differ from the declarations in {drifted} collection(s).")
        if failed:
            raise CommandError(f"Indexes of {failed} collection(s) could not be brought in line (see above).")

    def _apply(self, db: Any, classes: list[Any], plan: IndexPlan, title: str) -> None:
        collection = db.get_collection(plan.collection)
        with translated(classes[0]._meta.db_alias):
            setup = collection_setup(classes[0], indexes=False)
            if setup.create is not None and plan.collection not in db.list_collection_names():
                try:  # capped or validated: created as its documents' first use would
                    db.command(setup.create)
                except Exception as exc:
                    if not already_exists(exc):
                        raise
            for name in plan.drop:
                collection.drop_index(name)
                self.stdout.write(f"{title}: dropped {name}")
            if plan.create:
                for name in collection.create_indexes(plan.create):
                    self.stdout.write(self.style.SUCCESS(f"{title}: created {name}"))
        if not plan.drop and not plan.create and not plan.conflicts:
            self.stdout.write(f"{title}: up to date")

    def _problems(self, title: str, lines: list[str]) -> None:
        for line in lines:
            self.stderr.write(f"{title}: {line}")
