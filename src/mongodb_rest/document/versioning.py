"""Versioned documents: the stored version every write increments, the conditions that guard a write,
and what a conditional write that matched nothing means."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..errors import ConflictError, DefinitionError, OperationError

if TYPE_CHECKING:
    from .base import BaseDocument, TopLevelDocument
    from .persistence import SavePlan

FIRST_VERSION = 1  # the version a document is inserted with (save() or bulk_create())


class VersionAccess:
    """``doc.version``: the version a versioned document was loaded or last saved with (None when new)."""

    def __get__(self, instance: TopLevelDocument | None, owner: type[TopLevelDocument]) -> Any:
        if instance is None:
            return self
        return stored_version(instance)


def version_key(cls: type[BaseDocument]) -> str | None:
    """The stored key of ``cls``'s version, None when it is not versioned; checks the declaration."""
    meta = cls._meta
    if not meta.versioned:
        return None
    key = meta.version_field
    if cls._embedded:
        raise DefinitionError(f"{cls.__name__}: embedded documents cannot be versioned.")
    if not isinstance(key, str) or not key or key.startswith("$") or "." in key or key in ("_id", "_cls"):
        raise DefinitionError(f"{cls.__name__}.meta version_field must be a plain stored key, not {key!r}.")
    for name, field in cls._fields.items():
        if name == "version" or field.db_key == key:
            raise DefinitionError(
                f"{cls.__name__} is versioned: its field {name!r} collides with the version "
                f"(doc.version, stored as {key!r}); rename the field or set meta['version_field']."
            )
    return key


def install(cls: type[TopLevelDocument]) -> None:
    """Make ``doc.version`` readable on a versioned class."""
    type.__setattr__(cls, "version", VersionAccess())


def stored_version(doc: TopLevelDocument) -> int | None:
    """The version ``doc`` holds: the one it was loaded or last saved with."""
    key = type(doc)._version_key
    snapshot = doc._private()["_snapshot"]
    if key is None or snapshot is None:
        return None
    version: int | None = snapshot.get(key)
    return version


def require_key(cls: type[BaseDocument], action: str) -> str:
    """The version key of ``cls``; OperationError naming the fix when it is not versioned."""
    key = cls._version_key
    if key is None:
        raise OperationError(
            f"{action}(if_version=...) needs a versioned document: set meta = {{'versioned': True}} "
            f"on {cls.__name__}."
        )
    return key


def check_version(value: Any) -> int:
    """``value`` as an expected version: a positive integer."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise OperationError(f"if_version takes a version (a positive integer), not {value!r}.")
    return value


def condition(cls: type[BaseDocument], if_version: int | None, action: str) -> dict[str, Any]:
    """The filter condition of a write guarded by ``if_version`` (empty when it is None)."""
    if if_version is None:
        return {}
    return {require_key(cls, action): check_version(if_version)}


def versioned_plan(doc: TopLevelDocument, plan: SavePlan, key: str, force: bool) -> SavePlan:
    """``plan`` for a versioned ``doc``: the write also sets (insert) or increments (update) the version;
    an update of a loaded document is conditional on the version it was loaded with, unless ``force``."""
    if plan.kind == "insert":
        plan.payload[key] = FIRST_VERSION  # the payload is also the snapshot
        return plan
    if plan.kind == "none":  # nothing written: the version stays
        plan.snapshot[key] = doc._private()["_snapshot"].get(key)
        return plan
    if plan.kind == "update" and not force:
        expected = doc._private()["_snapshot"].get(key)
        plan.snapshot[key] = (expected or 0) + 1
        update = {**plan.payload, "$inc": {key: 1}}
        guarded = {**plan.filter, key: expected}
        return replace(plan, filter=guarded, payload=update, guarded=True, expected=expected)
    # a forced update, or a document saved by id without being loaded: the version is read back
    if plan.kind == "replace":
        fields = {k: v for k, v in plan.payload.items() if k != "_id"}
        absent = {step.key: "" for step in type(doc)._write_plan if step.key not in plan.payload}
        update = {"$set": fields, **({"$unset": absent} if absent else {}), "$inc": {key: 1}}
    else:
        update = {**plan.payload, "$inc": {key: 1}}
    return replace(plan, kind="counted", payload=update, upsert=plan.kind == "replace")


def counted(doc: TopLevelDocument, plan: SavePlan, before: dict[str, Any] | None) -> bool:
    """Take the version a forced write left (its reply is the version before); True when it inserted."""
    if before is None and not plan.upsert:
        raise type(doc).DoesNotExist(f"{type(doc).__name__} {doc.id} no longer exists; nothing was saved.")
    key = type(doc)._version_key or ""
    plan.snapshot[key] = 1 if before is None else (before.get(key) or 0) + 1
    return before is None


def read_back(cls: type[BaseDocument], query: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The filter (``query`` without its version condition) and projection that read the stored version
    after a write guarded by a version matched nothing."""
    key = cls._version_key or ""
    return {k: v for k, v in query.items() if k != key}, {key: 1}


def current_version(cls: type[BaseDocument], current: dict[str, Any] | None) -> int | None:
    """The version stored in ``current`` (read back by ``read_back``); None when there is none."""
    if current is None or cls._version_key is None:
        return None
    version: int | None = current.get(cls._version_key)
    return version


def conflict(
    cls: type[BaseDocument], ident: Any, expected: int | None, current: dict[str, Any] | None
) -> ConflictError:
    """The error of a write guarded by version ``expected`` that found ``current`` stored instead
    (None: no document matches any more)."""
    key = cls._version_key or ""
    name = f"{cls.__name__} {ident}" if ident is not None else f"The {cls.__name__}"
    if current is None:
        return ConflictError(
            f"{name} no longer exists; nothing was written (expected version {expected}).", expected, None
        )
    found = current.get(key)
    return ConflictError(
        f"{name} was changed by another write: expected version {expected}, stored version {found}; "
        "nothing was written. Reload it and apply the change again.",
        expected,
        found,
    )
