"""``manage.py mongodb_inspect``: a database's collections, counts, indexes and sampled field types;
``--models`` prints Document classes for them, as ``inspectdb`` does for SQL tables."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from ...driver_errors import translated
from ...errors import MongoDBRestError
from ...introspection.models import ModuleWriter
from ...introspection.schema import CollectionSchema, sample_schema
from ..base import ConnectionCommand

GRIDFS_SUFFIXES = (".files", ".chunks")
Described = tuple[str, int, list[dict[str, Any]], CollectionSchema]  # name, count, indexes, schema


class Command(ConnectionCommand):
    help = (
        "Describe the collections of a connection's database: document counts, indexes and the field "
        "types of sampled documents. --models prints Document classes for them."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("args", metavar="collection", nargs="*", help="Only these collections.")
        parser.add_argument(
            "--sample", type=int, default=100, help="Documents sampled per collection (100 by default)."
        )
        parser.add_argument(
            "--models", action="store_true", help="Print Document classes for the collections."
        )

    def handle(self, *collections: str, database: str, sample: int, models: bool, **options: Any) -> None:
        if sample < 1:
            raise CommandError("--sample must be at least 1.")
        connection = self.connection(database)
        db = connection.db
        try:
            with translated(database):
                names = sorted(name for name in db.list_collection_names() if not name.startswith("system."))
                unknown = sorted(set(collections) - set(names))
                if unknown:
                    raise CommandError(f"No collection named {', '.join(unknown)} in {db.name!r}.")
                described = [self._describe(db, name, sample) for name in collections or names]
        except MongoDBRestError as exc:
            raise CommandError(str(exc)) from None
        if models:
            self._models(db.name, described, sample)
        else:
            self._report(db.name, database, described)

    def _describe(
        self, db: Any, name: str, sample: int
    ) -> tuple[str, int, list[dict[str, Any]], CollectionSchema]:
        collection = db.get_collection(name)
        count = collection.count_documents({})
        indexes = [dict(index) for index in collection.list_indexes()]
        documents = list(collection.aggregate([{"$sample": {"size": sample}}])) if count else []
        documents.sort(key=lambda document: str(document.get("_id")))  # fields in a stable order
        return name, count, indexes, sample_schema(documents)

    def _report(self, db_name: str, alias: str, described: list[Described]) -> None:
        self.stdout.write(f"Database {db_name!r} (connection {alias!r}): {len(described)} collection(s)")
        for name, count, indexes, schema in described:
            self.stdout.write("")
            self.stdout.write(self.style.MIGRATE_HEADING(f"{name}: {count} document(s)"))
            for index in indexes:
                keys = ", ".join(f"{key}: {value}" for key, value in dict(index["key"]).items())
                flags = " unique" if index.get("unique") and index.get("name") != "_id_" else ""
                self.stdout.write(f"  index {index.get('name')} {{{keys}}}{flags}")
            if schema.sampled:
                self.stdout.write(f"  fields ({schema.sampled} sampled):")
                width = max(len(path) for path, _ in schema.lines())
                for path, kinds in schema.lines():
                    self.stdout.write(f"    {path.ljust(width)}  {kinds}")

    def _models(self, db_name: str, described: list[Described], sample: int) -> None:
        writer = ModuleWriter()
        buckets = sorted(
            {name.rsplit(".", 1)[0] for name, *_ in described if name.endswith(GRIDFS_SUFFIXES)}
            & {name.rsplit(".", 1)[0] for name, *_ in described if name.endswith(".chunks")}
        )
        for name, _, indexes, schema in described:
            if name.rsplit(".", 1)[0] in buckets and name.endswith(GRIDFS_SUFFIXES):
                continue
            writer.add_collection(name, schema, indexes)
        header = [
            f"Document classes for the collections of {db_name!r}, written by mongodb_inspect --models",
            f"from up to {sample} sampled documents each: review the types, required flags and names.",
        ]
        header += [
            f"GridFS bucket {bucket!r} left out: use FileField(bucket={bucket!r})." for bucket in buckets
        ]
        self.stdout.write(writer.source("\n".join(header)), ending="")
