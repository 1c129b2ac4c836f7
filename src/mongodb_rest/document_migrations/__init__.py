"""Migrations for documents: the names migration files use (``from mongodb_rest import
document_migrations as migrations``; not ``mongodb_rest.migrations``, which Django takes for the SQL
migrations of the app)."""

from .operations import (
    AddField,
    AddIndex,
    AlterField,
    AlterIndex,
    AlterValidator,
    CreateCollection,
    DeleteCollection,
    IrreversibleError,
    Operation,
    RemoveField,
    RemoveIndex,
    RenameCollection,
    RenameField,
    RunCommand,
    RunPython,
)
from .state import Field

__all__ = [
    "AddField",
    "AddIndex",
    "AlterField",
    "AlterIndex",
    "AlterValidator",
    "CreateCollection",
    "DeleteCollection",
    "Field",
    "IrreversibleError",
    "Operation",
    "RemoveField",
    "RemoveIndex",
    "RenameCollection",
    "RenameField",
    "RunCommand",
    "RunPython",
]
