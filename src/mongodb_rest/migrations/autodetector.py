"""The operations that take a state (what migrations built) to another (what documents declare)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..indexes import index_signature
from .operations import (
    AddField,
    AddIndex,
    AlterField,
    AlterIndex,
    AlterValidator,
    CreateCollection,
    DeleteCollection,
    Operation,
    RemoveField,
    RemoveIndex,
    RenameCollection,
    RenameField,
    RunPython,
)
from .state import CollectionState, ProjectState

AskRename = Callable[[str, str, str], bool]  # (collection, old field, new field) -> renamed?


@dataclass(frozen=True)
class Stub:
    """A ``RunPython`` function the migration file defines for the developer to fill in."""

    name: str
    doc: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "__name__", self.name)  # described as the function it stands for

    def __call__(self, db: Any) -> None:
        raise NotImplementedError(f"{self.doc} Fill in the function {self.name}.")


def never(collection: str, old: str, new: str) -> bool:
    """The ``--noinput`` answer to a rename question: no."""
    return False


def detect(old: ProjectState, new: ProjectState, ask_rename: AskRename = never) -> list[Operation]:
    """The operations from ``old`` to ``new``: collections created, deleted and renamed, then each
    collection's index removals, field changes, index additions and validator."""
    operations: list[Operation] = []
    added = [name for name in new.collections if name not in old.collections]
    removed = [name for name in old.collections if name not in new.collections]
    pairs = [(name, name) for name in new.collections if name in old.collections]
    for name in list(removed):
        labels = set(old.collections[name].documents)
        target = next((n for n in added if labels & set(new.collections[n].documents)), None)
        if target is not None:
            operations.append(RenameCollection(name, target))
            removed.remove(name)
            added.remove(target)
            pairs.append((name, target))
    for name in added:
        created = new.collections[name]
        operations.append(
            CreateCollection(
                name,
                list(created.documents),
                dict(created.fields),
                list(created.indexes.values()),
                dict(created.options),
            )
        )
    operations.extend(DeleteCollection(name) for name in removed)
    for old_name, new_name in pairs:
        operations.extend(_collection(old.collections[old_name], new.collections[new_name], ask_rename))
    return operations


def _keys(index: dict[str, Any]) -> Any:
    return index_signature(index)[0]


def _collection(old: CollectionState, new: CollectionState, ask_rename: AskRename) -> list[Operation]:
    name = new.name
    old_indexes = {_keys(index): index for index in old.indexes.values()}
    new_indexes = {_keys(index): index for index in new.indexes.values()}
    removals: list[Operation] = []
    additions: list[Operation] = []
    for keys, index in old_indexes.items():
        wanted = new_indexes.get(keys)
        if wanted is None or wanted["name"] != index["name"]:
            removals.append(RemoveIndex(name, str(index["name"])))
    for keys, index in new_indexes.items():
        present = old_indexes.get(keys)
        if present is None or present["name"] != index["name"]:
            additions.append(AddIndex(name, index))
        elif index_signature(present)[1] != index_signature(index)[1]:
            additions.append(AlterIndex(name, index))
    return removals + _fields(old, new, ask_rename) + additions + _validator(old, new)


def _fields(old: CollectionState, new: CollectionState, ask_rename: AskRename) -> list[Operation]:
    name = new.name
    added = [key for key in new.fields if key not in old.fields]
    removed = [key for key in old.fields if key not in new.fields]
    operations: list[Operation] = []
    for gone in list(removed):
        candidate = next(
            (
                key
                for key in added
                if new.fields[key].type == old.fields[gone].type and ask_rename(name, gone, key)
            ),
            None,
        )
        if candidate is not None:
            operations.append(RenameField(name, gone, candidate))
            if new.fields[candidate] != old.fields[gone]:
                operations.append(AlterField(name, candidate, new.fields[candidate]))
            removed.remove(gone)
            added.remove(candidate)
    operations.extend(AddField(name, key, new.fields[key]) for key in added)
    operations.extend(RemoveField(name, key) for key in removed)
    for key, field in new.fields.items():
        before = old.fields.get(key)
        if before is None or before == field:
            continue
        operations.append(AlterField(name, key, field))
        if before.type != field.type:
            stub = Stub(
                f"convert_{name}_{key}".replace(".", "_"),
                f"Convert {name}.{key} from {before.type} to {field.type}.",
            )
            operations.append(RunPython(stub))
    return operations


def _validator(old: CollectionState, new: CollectionState) -> list[Operation]:
    before, after = old.options.get("validator"), new.options.get("validator")
    return [] if before == after else [AlterValidator(new.name, after)]
