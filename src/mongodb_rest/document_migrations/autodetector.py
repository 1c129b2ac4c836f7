"""The operations that take a state (what migrations built) to another (what documents declare)."""

from __future__ import annotations

import re
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
from .paths import ancestors, parent
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
                created.alias,
            )
        )
    operations.extend(DeleteCollection(name) for name in removed)
    for old_name, new_name in pairs:
        moved = (old.collections[old_name].alias, new.collections[new_name].alias)
        if moved[0] != moved[1]:
            raise ValueError(
                f"The documents of {new_name!r} moved from connection {moved[0]!r} to {moved[1]!r}: "
                "migrations do not move collections between databases; copy them with a RunPython step."
            )
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
    """Renames (asked, except for the fields inside a renamed one, which move with it), additions and
    removals (not of fields inside an added or removed one), alterations."""
    name = new.name
    added = [key for key in new.fields if key not in old.fields]
    removed = [key for key in old.fields if key not in new.fields]
    moved: dict[str, str] = {}  # old key -> new key
    operations: list[Operation] = []
    for gone in sorted(removed, key=lambda key: len(ancestors(key))):
        carried = _carried(gone, moved)
        if carried is not None and carried in added:
            candidate: str | None = carried
        else:
            candidate = next(
                (
                    key
                    for key in added
                    if new.fields[key].type == old.fields[gone].type
                    and parent(key) == _carried(parent(gone), moved, parent(gone))
                    and ask_rename(name, gone, key)
                ),
                None,
            )
            if candidate is not None:
                operations.append(RenameField(name, gone, candidate))
        if candidate is not None:
            moved[gone] = candidate
            removed.remove(gone)
            added.remove(candidate)
    operations.extend(
        AddField(name, key, new.fields[key]) for key in added if not set(ancestors(key)) & set(added)
    )
    operations.extend(RemoveField(name, key) for key in removed if not set(ancestors(key)) & set(removed))
    for key, field in new.fields.items():
        before = old.fields.get(next((o for o, n in moved.items() if n == key), key))
        if before is None or before == field:
            continue
        operations.append(AlterField(name, key, field))
        if before.type != field.type:
            stub = Stub(
                re.sub(r"\W+", "_", f"convert_{name}_{key}").rstrip("_"),
                f"Convert {name}.{key} from {before.type} to {field.type}.",
            )
            operations.append(RunPython(stub))
    return operations


def _carried(key: str, moved: dict[str, str], default: str | None = None) -> str | None:
    """Where ``key`` is after the renames in ``moved`` of it or of a field it is inside."""
    for before, after in sorted(moved.items(), key=lambda item: -len(item[0])):
        if key == before:
            return after
        for separator in (".$[].", "."):
            if key.startswith(before + separator):
                return after + key[len(before) :]
    return default


def _validator(old: CollectionState, new: CollectionState) -> list[Operation]:
    before, after = old.options.get("validator"), new.options.get("validator")
    return [] if before == after else [AlterValidator(new.name, after)]
