"""Migration operations: each changes the state (pure) and lists the steps that change the data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..connection import DEFAULT_ALIAS
from .paths import backfill, rename, unset
from .state import CollectionState, Field, ProjectState
from .steps import (
    NAMESPACE_EXISTS,
    NAMESPACE_NOT_FOUND,
    Call,
    Command,
    DropIndex,
    EnsureIndex,
    Step,
)


class IrreversibleError(Exception):
    """An operation that cannot be unapplied."""


@dataclass
class Operation:
    """One change: ``state_forwards`` applies it to a state, ``forwards``/``backwards`` list the steps
    that apply or undo it on the database, given the state before it."""

    def describe(self) -> str:
        """One line for ``--dry-run`` and ``--plan``."""
        raise NotImplementedError

    def state_forwards(self, state: ProjectState, app_label: str) -> None:
        """Apply the change to ``state``."""
        raise NotImplementedError

    def forwards(self, before: ProjectState) -> list[Step]:
        """The steps that apply the change."""
        raise NotImplementedError

    def backwards(self, before: ProjectState) -> list[Step]:
        """The steps that undo the change (``before`` is the state the change started from)."""
        raise NotImplementedError

    def alias(self, before: ProjectState) -> str | None:
        """The connection alias of the collection it changes (None: a hand-written step, run on every
        database migrated)."""
        name = getattr(self, "collection", None)
        return None if name is None else before.collection(name).alias


def _create(name: str, options: dict[str, Any]) -> Command:
    return Command({"create": name, **options}, tolerated=(NAMESPACE_EXISTS,))


def _drop(name: str) -> Command:
    return Command({"drop": name}, tolerated=(NAMESPACE_NOT_FOUND,))


@dataclass
class CreateCollection(Operation):
    """A new collection, with the documents stored in it (``app_label.ObjectName``), their fields,
    indexes and creation options (capped, validator)."""

    name: str
    documents: list[str] = field(default_factory=list)
    fields: dict[str, Field] = field(default_factory=dict)
    indexes: list[dict[str, Any]] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    database: str = DEFAULT_ALIAS  # the connection alias of its documents (``meta['db_alias']``)

    def describe(self) -> str:
        return f"Create collection {self.name}"

    def state_forwards(self, state: ProjectState, app_label: str) -> None:
        state.collections[self.name] = CollectionState(
            self.name,
            app_label,
            list(self.documents),
            fields=dict(self.fields),
            indexes={str(index["name"]): index for index in self.indexes},
            options=dict(self.options),
            alias=self.database,
        )

    def alias(self, before: ProjectState) -> str | None:
        return self.database

    def forwards(self, before: ProjectState) -> list[Step]:
        steps: list[Step] = [_create(self.name, self.options)]
        return steps + [EnsureIndex(self.name, index) for index in self.indexes]

    def backwards(self, before: ProjectState) -> list[Step]:
        return [_drop(self.name)]


@dataclass
class DeleteCollection(Operation):
    """Drop a collection and its documents (undoing it recreates it empty)."""

    name: str

    def describe(self) -> str:
        return f"Delete collection {self.name} and its documents"

    def alias(self, before: ProjectState) -> str | None:
        return before.collection(self.name).alias

    def state_forwards(self, state: ProjectState, app_label: str) -> None:
        state.collection(self.name)
        del state.collections[self.name]

    def forwards(self, before: ProjectState) -> list[Step]:
        return [_drop(self.name)]

    def backwards(self, before: ProjectState) -> list[Step]:
        created = before.collection(self.name)
        steps: list[Step] = [_create(self.name, created.options)]
        return steps + [EnsureIndex(self.name, index) for index in created.indexes.values()]


@dataclass
class RenameCollection(Operation):
    """``meta['collection']`` changed: the documents move to the new name."""

    old_name: str
    new_name: str

    def describe(self) -> str:
        return f"Rename collection {self.old_name} to {self.new_name}"

    def alias(self, before: ProjectState) -> str | None:
        return before.collection(self.old_name).alias

    def state_forwards(self, state: ProjectState, app_label: str) -> None:
        moved = state.collections.pop(state.collection(self.old_name).name)
        moved.name = self.new_name
        state.collections[self.new_name] = moved

    def forwards(self, before: ProjectState) -> list[Step]:
        return [_rename_collection(self.old_name, self.new_name)]

    def backwards(self, before: ProjectState) -> list[Step]:
        return [_rename_collection(self.new_name, self.old_name)]


def _rename_collection(old: str, new: str) -> Command:
    # the executor fills in the database name; renaming a collection already renamed finds nothing
    return Command({"renameCollection": old, "to": new}, tolerated=(NAMESPACE_NOT_FOUND,), admin=True)


@dataclass
class AddField(Operation):
    """A new field; documents lacking it get its default when it has one."""

    collection: str
    name: str
    field: Field

    def describe(self) -> str:
        note = " (backfilled with its default)" if self.field.backfills else ""
        return f"Add field {self.name} to {self.collection}{note}"

    def state_forwards(self, state: ProjectState, app_label: str) -> None:
        state.collection(self.collection).fields[self.name] = self.field

    def forwards(self, before: ProjectState) -> list[Step]:
        if not self.field.backfills:
            return []
        return [backfill(self.collection, self.name, self.field.backfill_value())]

    def backwards(self, before: ProjectState) -> list[Step]:
        return [unset(self.collection, self.name)]


@dataclass
class RemoveField(Operation):
    """A field no document declares any more: removed from every document."""

    collection: str
    name: str

    def describe(self) -> str:
        return f"Remove field {self.name} from {self.collection}"

    def state_forwards(self, state: ProjectState, app_label: str) -> None:
        fields = state.collection(self.collection).fields
        if self.name not in fields:
            raise LookupError(f"No migration adds the field {self.collection}.{self.name}.")
        del fields[self.name]

    def forwards(self, before: ProjectState) -> list[Step]:
        return [unset(self.collection, self.name)]

    def backwards(self, before: ProjectState) -> list[Step]:
        removed = before.collection(self.collection).fields[self.name]
        return [backfill(self.collection, self.name, removed.backfill_value())] if removed.backfills else []


@dataclass
class RenameField(Operation):
    """A field stored under a new key: ``$rename`` in every document holding the old one."""

    collection: str
    old_name: str
    new_name: str

    def describe(self) -> str:
        return f"Rename field {self.old_name} of {self.collection} to {self.new_name}"

    def state_forwards(self, state: ProjectState, app_label: str) -> None:
        fields = state.collection(self.collection).fields
        if self.old_name not in fields:
            raise LookupError(f"No migration adds the field {self.collection}.{self.old_name}.")
        fields[self.new_name] = fields.pop(self.old_name)

    def forwards(self, before: ProjectState) -> list[Step]:
        return [rename(self.collection, self.old_name, self.new_name)]

    def backwards(self, before: ProjectState) -> list[Step]:
        return [rename(self.collection, self.new_name, self.old_name)]


@dataclass
class AlterField(Operation):
    """A field's type or options changed. Stored values are left as they are: a type change comes with
    a ``RunPython`` that converts them."""

    collection: str
    name: str
    field: Field

    def describe(self) -> str:
        return f"Alter field {self.name} of {self.collection}"

    def state_forwards(self, state: ProjectState, app_label: str) -> None:
        state.collection(self.collection).fields[self.name] = self.field

    def forwards(self, before: ProjectState) -> list[Step]:
        return []

    def backwards(self, before: ProjectState) -> list[Step]:
        return []


@dataclass
class AddIndex(Operation):
    """A declared index (``meta['indexes']`` or ``unique=True``)."""

    collection: str
    index: dict[str, Any]

    def describe(self) -> str:
        return f"Add index {self.index['name']} to {self.collection}"

    def state_forwards(self, state: ProjectState, app_label: str) -> None:
        state.collection(self.collection).indexes[str(self.index["name"])] = self.index

    def forwards(self, before: ProjectState) -> list[Step]:
        return [EnsureIndex(self.collection, self.index)]

    def backwards(self, before: ProjectState) -> list[Step]:
        return [DropIndex(self.collection, str(self.index["name"]))]


@dataclass
class RemoveIndex(Operation):
    """An index no document declares any more."""

    collection: str
    name: str

    def describe(self) -> str:
        return f"Remove index {self.name} from {self.collection}"

    def state_forwards(self, state: ProjectState, app_label: str) -> None:
        indexes = state.collection(self.collection).indexes
        if self.name not in indexes:
            raise LookupError(f"No migration adds the index {self.name} to {self.collection}.")
        del indexes[self.name]

    def forwards(self, before: ProjectState) -> list[Step]:
        return [DropIndex(self.collection, self.name)]

    def backwards(self, before: ProjectState) -> list[Step]:
        return [EnsureIndex(self.collection, before.collection(self.collection).indexes[self.name])]


@dataclass
class AlterIndex(Operation):
    """An index whose options changed: rebuilt (MongoDB cannot change them in place)."""

    collection: str
    index: dict[str, Any]

    def describe(self) -> str:
        return f"Alter index {self.index['name']} of {self.collection}"

    def state_forwards(self, state: ProjectState, app_label: str) -> None:
        state.collection(self.collection).indexes[str(self.index["name"])] = self.index

    def forwards(self, before: ProjectState) -> list[Step]:
        return [EnsureIndex(self.collection, self.index)]

    def backwards(self, before: ProjectState) -> list[Step]:
        old = before.collection(self.collection).indexes[str(self.index["name"])]
        return [EnsureIndex(self.collection, old)]


@dataclass
class AlterValidator(Operation):
    """The collection's ``$jsonSchema`` validator changed (``collMod``); None removes it."""

    collection: str
    validator: dict[str, Any] | None

    def describe(self) -> str:
        return f"Alter the validator of {self.collection}"

    def state_forwards(self, state: ProjectState, app_label: str) -> None:
        options = state.collection(self.collection).options
        options.pop("validator", None)
        options.pop("validationLevel", None)
        if self.validator is not None:
            options.update(validator=self.validator, validationLevel="strict")

    def forwards(self, before: ProjectState) -> list[Step]:
        return [_coll_mod(self.collection, self.validator)]

    def backwards(self, before: ProjectState) -> list[Step]:
        return [_coll_mod(self.collection, before.collection(self.collection).options.get("validator"))]


def _coll_mod(collection: str, validator: dict[str, Any] | None) -> Command:
    if validator is None:
        return Command({"collMod": collection, "validator": {}, "validationLevel": "off"})
    return Command({"collMod": collection, "validator": validator, "validationLevel": "strict"})


def noop(db: Any) -> None:
    """A ``RunPython`` step that does nothing (to make a migration reversible)."""


@dataclass
class RunPython(Operation):
    """Hand-written code: ``forwards(db)`` and ``backwards(db)`` get the connection's database (the
    async face's when they are ``async def``, and they are awaited)."""

    code: Callable[..., Any]
    reverse_code: Callable[..., Any] | None = None

    noop: ClassVar[Callable[[Any], None]] = staticmethod(noop)

    def describe(self) -> str:
        return f"Run Python {getattr(self.code, '__name__', repr(self.code))}"

    def state_forwards(self, state: ProjectState, app_label: str) -> None:
        return None

    def forwards(self, before: ProjectState) -> list[Step]:
        return [Call(self.code)]

    def backwards(self, before: ProjectState) -> list[Step]:
        if self.reverse_code is None:
            raise IrreversibleError(f"{self.describe()} has no backwards function: give RunPython one.")
        return [Call(self.reverse_code)]


@dataclass
class RunCommand(Operation):
    """A database command, and the one that undoes it."""

    command: dict[str, Any]
    reverse_command: dict[str, Any] | None = None

    def describe(self) -> str:
        return f"Run command {self.command}"

    def state_forwards(self, state: ProjectState, app_label: str) -> None:
        return None

    def forwards(self, before: ProjectState) -> list[Step]:
        return [Command(self.command)]

    def backwards(self, before: ProjectState) -> list[Step]:
        if self.reverse_command is None:
            raise IrreversibleError(f"{self.describe()} has no reverse_command: give RunCommand one.")
        return [Command(self.reverse_command)]
