"""Save, delete and reload as pure steps: what to send for a document, and what a reply means for it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from bson import ObjectId
from pymongo import ReturnDocument

from ..errors import OperationError, ValidationError
from ..fields.scalars import DateTimeField, now
from .versioning import counted, versioned_plan

if TYPE_CHECKING:
    from .base import BaseDocument, TopLevelDocument

MISSING: Any = object()


@dataclass(frozen=True, slots=True)
class SavePlan:
    """The one write ``save()`` sends, and the state the document takes once it succeeded."""

    kind: Literal["insert", "replace", "update", "counted", "none"]  # counted: reads the version back
    filter: dict[str, Any]
    payload: dict[str, Any]  # the document (insert, replace) or the update document (update, counted)
    snapshot: dict[str, Any]  # what is stored once the write succeeded
    values: dict[str, Any] = field(default_factory=dict)  # attribute values to adopt on success
    guarded: bool = False  # the filter holds the version the document was loaded with
    expected: int | None = None  # that version
    upsert: bool = False  # a counted write may insert

    @property
    def call(self) -> tuple[str, tuple[Any, ...], dict[str, Any]] | None:
        """The collection method, positional and keyword arguments to send (None: nothing changed)."""
        if self.kind == "insert":
            return "insert_one", (self.payload,), {}
        if self.kind == "replace":
            return "replace_one", (self.filter, self.payload), {"upsert": True}
        if self.kind == "update":
            return "update_one", (self.filter, self.payload), {}
        if self.kind == "counted":
            version_key = self.payload["$inc"]  # holds the version key only
            kwargs = {"projection": dict.fromkeys(version_key, 1), "upsert": self.upsert}
            return (
                "find_one_and_update",
                (self.filter, self.payload),
                {**kwargs, "return_document": ReturnDocument.BEFORE},
            )
        return None

    def missed(self, reply: Any) -> bool:
        """True when a write guarded by a version matched nothing: the stored version is read back."""
        return self.guarded and reply.matched_count == 0


def plan_save(doc: TopLevelDocument, *, force_insert: bool = False, force: bool = False) -> SavePlan:
    """Decide the write of a validated ``doc``: insert a new document, replace one whose id was given,
    or update only the fields that changed since it was loaded or last saved (a versioned document's
    update only if it still has the version it was loaded with, unless ``force``)."""
    key = type(doc)._version_key
    plan = _plan(doc, force_insert)
    return plan if key is None else versioned_plan(doc, plan, key, force)


def _plan(doc: TopLevelDocument, force_insert: bool) -> SavePlan:
    data = doc.to_mongo()
    snapshot = doc._private()["_snapshot"]
    values = _timestamps(doc, data, first_save=snapshot is None)
    if doc.id is None:
        values["id"] = data["_id"] = ObjectId()
        return SavePlan("insert", {}, data, data, values)
    if force_insert:
        return SavePlan("insert", {}, data, data, values)
    if snapshot is None:
        return SavePlan("replace", {"_id": doc.id}, data, data, values)
    changes = diff(snapshot, data, _written_keys(doc))
    return SavePlan("update" if changes else "none", {"_id": doc.id}, changes, data, values)


def _written_keys(doc: TopLevelDocument) -> list[str]:
    """The stored keys a save of ``doc`` compares (only the loaded ones of a partly loaded document)."""
    partial = doc._private()["_partial"]
    fields_set = doc.__pydantic_fields_set__
    return [step.key for step in type(doc)._write_plan if not partial or step.name in fields_set] + ["_cls"]


def is_stored(doc: TopLevelDocument) -> bool:
    """True when ``doc`` is stored as it is: saved or loaded, and unchanged since."""
    snapshot = doc._private()["_snapshot"]
    return (
        doc.id is not None and snapshot is not None and not diff(snapshot, doc.to_mongo(), _written_keys(doc))
    )


def plan_bulk_insert(cls: type[TopLevelDocument], documents: Sequence[TopLevelDocument]) -> list[SavePlan]:
    """Plan the insert of every new, validated document of ``cls``."""
    plans = []
    for document in documents:
        if not isinstance(document, cls._twin_of or cls):
            raise ValidationError(
                f"bulk_create() takes {cls.__name__} documents, not {type(document).__name__}."
            )
        if document._private()["_snapshot"] is not None:
            raise ValidationError(f"bulk_create() takes new documents; {document.id} is already saved.")
        plans.append(plan_save(document, force_insert=True))
    return plans


def timestamped_fields(cls: type[BaseDocument]) -> tuple[tuple[str, DateTimeField], ...]:
    """The ``auto_now`` and ``auto_now_add`` fields of ``cls``, by name (compiled once per class)."""
    return tuple(
        (name, fld)
        for name, fld in cls._fields.items()
        if isinstance(fld, DateTimeField) and (fld.auto_now or fld.auto_now_add)
    )


def _timestamps(doc: TopLevelDocument, data: dict[str, Any], first_save: bool) -> dict[str, Any]:
    """Stamp ``auto_now`` fields (and ``auto_now_add`` ones on first save) into ``data``."""
    stamped: dict[str, Any] = {}
    for name, fld in type(doc)._timestamped:
        if fld.auto_now or (first_save and doc.__dict__.get(name) is None):
            stamped[name] = data[fld.db_key] = now()
    return stamped


def diff(before: dict[str, Any], after: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    """The update document that turns ``before`` into ``after`` on ``keys``: ``$set`` and ``$unset``."""
    to_set: dict[str, Any] = {}
    to_unset: dict[str, Any] = {}
    for key in keys:
        new, old = after.get(key, MISSING), before.get(key, MISSING)
        if new is MISSING:
            if old is not MISSING:
                to_unset[key] = ""
        elif old is MISSING or type(old) is not type(new) or old != new:
            to_set[key] = new
    update: dict[str, Any] = {}
    if to_set:
        update["$set"] = to_set
    if to_unset:
        update["$unset"] = to_unset
    return update


def saved(doc: TopLevelDocument, plan: SavePlan, reply: Any) -> bool:
    """Adopt the saved state after the driver's ``reply``; return True when the save created the document."""
    matched = getattr(reply, "matched_count", None)
    created = counted(doc, plan, reply) if plan.kind == "counted" else False
    if plan.kind == "update" and matched == 0:
        raise type(doc).DoesNotExist(f"{type(doc).__name__} {doc.id} no longer exists; nothing was saved.")
    doc.__dict__.update(plan.values)
    doc.__pydantic_fields_set__.update(plan.values)
    doc._private()["_snapshot"] = plan.snapshot
    return created or plan.kind == "insert" or (plan.kind == "replace" and matched == 0)


def identity_filter(doc: TopLevelDocument, action: str) -> dict[str, Any]:
    """``{'_id': doc.id}``; OperationError for a document that was never saved."""
    if doc.id is None:
        raise OperationError(f"Cannot {action} a {type(doc).__name__} that has not been saved.")
    return {"_id": doc.id}


def deleted(doc: TopLevelDocument) -> None:
    """Forget the stored state of a deleted document (saving it again inserts it anew)."""
    doc._snapshot = None


def reloaded(doc: TopLevelDocument, data: dict[str, Any] | None) -> None:
    """Replace ``doc``'s values by the stored ones; DoesNotExist when it is gone."""
    if data is None:
        raise type(doc).DoesNotExist(f"{type(doc).__name__} {doc.id} no longer exists.")
    _adopt(doc, data)


def modified(doc: TopLevelDocument, data: dict[str, Any] | None) -> bool:
    """Take the values ``modify()`` read back; False when the document did not match."""
    if data is None:
        return False
    _adopt(doc, data)
    return True


def _adopt(doc: TopLevelDocument, data: dict[str, Any]) -> None:
    fresh = type(doc).from_mongo(data)
    doc.__dict__.update(fresh.__dict__)
    doc._snapshot = data
