"""Save, delete and reload as pure steps: what to send for a document, and what a reply means for it."""

from __future__ import annotations

import operator
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from bson import ObjectId
from pymongo import ReturnDocument, WriteConcern
from pymongo.errors import ConfigurationError

from ..errors import OperationError, ValidationError, WriteConflict
from ..fields.base import own_fields_set
from ..fields.containers import builds_documents
from ..fields.files import FileField, StoredFile
from ..fields.scalars import DateTimeField, ObjectIdField, now
from . import codec, keys
from .codec import undeclared_keys
from .paths import resolve_path
from .versioning import FIRST_VERSION, counted, versioned_plan

if TYPE_CHECKING:
    from .base import BaseDocument, TopLevelDocument

MISSING: Any = object()


@dataclass(frozen=True, slots=True)
class FileSwap:
    """A file field an update points from the file ``old`` (None: no file) to the file ``new``."""

    name: str
    old: StoredFile | None
    new: StoredFile


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs microseconds per document saved
class SavePlan:
    """The one write ``save()`` sends, and the state the document takes once it succeeded (never changed
    once made: ``dataclasses.replace()`` makes another)."""

    kind: Literal["insert", "replace", "update", "counted", "none"]  # counted: reads the version back
    filter: dict[str, Any]
    payload: dict[str, Any]  # the document (insert, replace) or the update document (update, counted)
    snapshot: dict[str, Any]  # what is stored once the write succeeded
    values: dict[str, Any] = field(default_factory=dict)  # attribute values to adopt on success
    replaced_files: tuple[FileSwap, ...] = ()  # file fields the update points to new files
    previous: dict[str, Any] = field(default_factory=dict)  # what the update changes was stored as
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

    @property
    def updates_stored(self) -> bool:
        """True when the write changes a stored document in place (cached copies of it may follow)."""
        return self.kind == "update" or self.kind == "counted"

    def missed(self, reply: Any) -> bool:
        """True when a write guarded by a version matched nothing: the stored version is read back."""
        return self.guarded and reply.matched_count == 0


def plan_save(
    doc: TopLevelDocument,
    *,
    force_insert: bool = False,
    force: bool = False,
    encoded: dict[str, Any] | None = None,
) -> SavePlan:
    """Decide the write of a validated ``doc``: insert a new document, replace one whose id was given,
    or update only the fields that changed since it was loaded or last saved (a versioned document's
    update only if it still has the version it was loaded with, unless ``force``). ``encoded``: the
    stored form of a new ``doc``, when ``checked()`` computed it (None: encode it)."""
    key = type(doc)._version_key
    plan = _plan(doc, force_insert, encoded)
    return plan if key is None else versioned_plan(doc, plan, key, force)


def _plan(doc: TopLevelDocument, force_insert: bool, encoded: dict[str, Any] | None) -> SavePlan:
    snapshot = doc._private()["_snapshot"]
    if snapshot is not None and doc.id is not None and not force_insert:
        return _update_plan(doc, snapshot)
    data = doc.to_mongo() if encoded is None else encoded
    values = _timestamps(doc, data, first_save=snapshot is None)
    if doc.id is None:
        values["id"] = data["_id"] = _new_key(type(doc))
        return SavePlan("insert", {}, data, data, values)
    if force_insert:
        return SavePlan("insert", {}, data, data, values)
    return SavePlan("replace", _identity(doc, data), data, data, values)


def _update_plan(doc: TopLevelDocument, snapshot: dict[str, Any]) -> SavePlan:
    """The update of a loaded or saved ``doc``: only its watched fields (assigned, or read and perhaps
    changed in place) are encoded and compared with ``snapshot``; the others are as stored."""
    names = compared_fields(doc)
    data = codec.to_mongo(doc, names)
    values = _timestamps(doc, data, first_save=False)
    if names is not None:
        names = names | values.keys()
    changes = _changes(doc, snapshot, data, names)
    refuse_shard_key_changes(type(doc), changes)
    guards, swaps = _file_guards(type(doc), snapshot, changes)
    kind: Literal["update", "none"] = "update" if changes else "none"
    stored = _applied(snapshot, changes)
    return SavePlan(kind, {**_identity(doc, snapshot), **guards}, changes, stored, values, swaps, snapshot)


def compared_fields(doc: TopLevelDocument) -> Collection[str] | None:
    """The fields a save of ``doc`` compares with what is stored: those assigned, or mutable and read,
    since it was loaded (``fields.base.watch``); None: every field (a document built here)."""
    watched: Collection[str] | None = doc._private().get("_watched", ())
    return watched


def _changes(
    doc: TopLevelDocument, snapshot: dict[str, Any], data: dict[str, Any], names: Collection[str] | None
) -> dict[str, Any]:
    """The update taking ``snapshot`` to ``data``, the stored form of ``doc``'s fields ``names``."""
    return diff(snapshot, data, _written_keys(doc, snapshot, data, names))


def _applied(stored: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """A copy of the document ``stored`` as the update document ``update`` leaves it."""
    after = {**stored, **update.get("$set", {})}
    for key in update.get("$unset", ()):
        after.pop(key, None)
    return after


def _new_key(cls: type[TopLevelDocument]) -> ObjectId:
    """A new ObjectId key; ValidationError for a custom primary key of another type (it is given)."""
    if not _makes_keys(cls):
        name = cls._id_field
        raise ValidationError(errors={name: [f"{name} is the primary key: give it a value before saving."]})
    return ObjectId()


def _makes_keys(cls: type[TopLevelDocument]) -> bool:
    """True when a new document of ``cls`` saved without a key is given a new ObjectId."""
    return cls._id_field == "id" or isinstance(cls._fields["id"], ObjectIdField)


def _file_guards(
    cls: type[TopLevelDocument], snapshot: dict[str, Any], changes: dict[str, Any]
) -> tuple[dict[str, Any], tuple[FileSwap, ...]]:
    """The filter conditions that make an update of file fields conditional on the files it was
    loaded with (so that of racing replacements one wins), and the new files it points to."""
    guards: dict[str, Any] = {}
    swaps = []
    for name, fld in cls._fields.items():
        key = fld.db_key
        if not isinstance(fld, FileField) or key not in changes.get("$set", {}):
            continue
        old = StoredFile.from_mongo(snapshot[key]) if snapshot.get(key) is not None else None
        if old is None:
            guards[key] = None
        elif isinstance(snapshot[key], dict):
            guards[f"{key}.grid_id"] = old.grid_id
        else:
            guards[key] = old.grid_id
        swaps.append(FileSwap(name, old, StoredFile.from_mongo(changes["$set"][key])))
    return guards, tuple(swaps)


def _written_keys(
    doc: TopLevelDocument, snapshot: dict[str, Any], data: dict[str, Any], names: Collection[str] | None
) -> list[str]:
    """The stored keys a save of ``doc`` compares: those of the fields ``names`` (None: all), only the
    loaded ones of a partly loaded document, and the undeclared ones of a dynamic document too."""
    partial = doc._private()["_partial"]
    fields_set = doc.__pydantic_fields_set__
    keys = [
        step.key
        for step in type(doc)._write_plan
        if (names is None or step.name in names) and (not partial or step.name in fields_set)
    ]
    keys.append("_cls")
    if doc.__pydantic_extra__ is not None:
        keys += undeclared_keys(type(doc), snapshot, data)
    return keys


def is_stored(doc: TopLevelDocument) -> bool:
    """True when ``doc`` is stored as it is: saved or loaded, and unchanged since."""
    snapshot = doc._private()["_snapshot"]
    if doc.id is None or snapshot is None:
        return False
    names = compared_fields(doc)
    return not _changes(doc, snapshot, codec.to_mongo(doc, names), names)


def refuse_unfit(
    cls: type[TopLevelDocument],
    documents: Sequence[TopLevelDocument],
    kinds: Collection[type[TopLevelDocument]],
) -> None:
    """ValidationError, before anything is counted or written, for a bulk insert of ``cls`` given a
    document of another class, one already saved, or one document twice (``kinds``: the documents'
    classes)."""
    for kind in kinds:
        if kind is not cls and not issubclass(kind, cls._twin_of or cls):
            raise ValidationError(f"bulk_create() takes {cls.__name__} documents, not {kind.__name__}.")
    for document in documents:
        if document.__pydantic_private__["_snapshot"] is not None:  # type: ignore[index]
            raise ValidationError(f"bulk_create() takes new documents; {document.id} is already saved.")
    if len(set(map(id, documents))) != len(documents):
        raise ValidationError("bulk_create() takes each document once; one is given twice.")


def plan_bulk_insert(
    cls: type[TopLevelDocument],
    documents: Sequence[TopLevelDocument],
    encoded: Sequence[dict[str, Any] | None],
    kinds: Collection[type[TopLevelDocument]],
) -> tuple[list[dict[str, Any]], list[tuple[TopLevelDocument, dict[str, Any]]]]:
    """The stored form of every new, validated document of ``cls``, for one ``insert_many``, and the
    timestamps to adopt once it succeeded (by document: only those of a class with ``auto_now``
    fields); ``encoded``: each one's stored form when already computed (None: encode it);
    ``kinds``: the documents' classes. What depends on the class alone is decided once per class,
    not per document."""
    stamps = any(kind._timestamped for kind in kinds)
    keyed = {kind for kind in kinds if _makes_keys(kind)}
    version = cls._version_key
    fresh = iter(keys.new_keys(len(documents)))  # one for each: most have no key
    payloads = []
    stamped = []
    for document, data in zip(documents, encoded, strict=True):
        if data is None:
            data = _encoded(document)
        if stamps and (values := _timestamps(document, data, first_save=True)):
            stamped.append((document, values))
        if document.id is None:  # its key is adopted from the payload: bulk_inserted()
            kind = type(document)
            data["_id"] = next(fresh) if kind in keyed else _new_key(kind)  # refused: key given
        if version is not None:
            data[version] = FIRST_VERSION
        payloads.append(data)
    return payloads, stamped


def bulk_inserted(
    documents: Sequence[TopLevelDocument],
    payloads: Sequence[dict[str, Any]],
    stamped: Sequence[tuple[TopLevelDocument, dict[str, Any]]],
) -> None:
    """Adopt the saved state of ``documents`` once their ``payloads`` (``plan_bulk_insert()``) were
    inserted: the keys given to those that had none, the ``stamped`` timestamps, the snapshots."""
    for document, data in zip(documents, payloads, strict=True):
        values = document.__dict__
        if values.get("id") is None:
            values["id"] = data["_id"]
            own_fields_set(document).add("id")
        stored(document, data)
    for document, stamps in stamped:
        document.__dict__.update(stamps)
        own_fields_set(document).update(stamps)


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
        elif _differs(old, new):
            to_set[key] = new
    update: dict[str, Any] = {}
    if to_set:
        update["$set"] = to_set
    if to_unset:
        update["$unset"] = to_unset
    return update


def _differs(old: Any, new: Any) -> bool:
    return old is MISSING or type(old) is not type(new) or old != new


def checked(doc: TopLevelDocument, force_insert: bool = False) -> dict[str, Any] | None:
    """Validate what changed in ``doc`` since it was built, loaded or last saved (in-place changes
    included: ValidationError), every field of a stored document saved with ``force_insert``.

    A new document is encoded once: only the fields that changed since it was built (see
    ``validated()``) are validated again, and when none did, that stored form is returned for the
    insert to send; None when the write has to encode it again."""
    private = doc._private()
    if private["_snapshot"] is not None:
        doc.validate_fields(None if force_insert else unsaved_fields(doc))
        return None
    built: Built | None = private.get("_built")
    if built is not None:
        data = _encoded(doc)
        changed = built.changed(doc, data, private["_watched"])
    elif (validated_form := private.get("_validated")) is not None:
        data = _encoded(doc)
        changed = _changed_since(doc, validated_form, data)
    else:  # built without validation (from stored data)
        doc.validate_fields()
        return None
    if not changed:  # or only undeclared keys differ: nothing to validate
        return data
    doc.validate_fields(changed)
    return None


def _encoded(doc: TopLevelDocument) -> dict[str, Any]:
    """``doc``'s stored form; a value that cannot be stored (put through ``__dict__``) is refused
    with the ValidationError validating it gives."""
    try:
        return doc.to_mongo()
    except (TypeError, ValueError, AttributeError):
        doc.validate_fields()
        raise


def _changed_since(doc: TopLevelDocument, before: dict[str, Any], data: dict[str, Any]) -> set[str]:
    """The fields whose stored form differs (in value or type) between ``before`` and ``data``."""
    if data == before and [*map(type, data.values())] == [*map(type, before.values())]:
        return set()
    return {name for name, key, _, _ in type(doc)._write_plan if _key_differs(before, data, key)}


def _key_differs(before: dict[str, Any], after: dict[str, Any], key: str) -> bool:
    """True when the stored form of ``key`` differs (in value or type) between ``before`` and ``after``."""
    old, new = before.get(key, MISSING), after.get(key, MISSING)
    return old is not new and _differs(old, new)


class Built(dict[str, Any]):
    """A new document as it was when built and validated, for ``checked()``: its field values by name
    (a copy of its ``__dict__``: a value replaced through it since is not among them), and the stored
    form of each field watched since (``fields.base.watch``: assigned, or read and perhaps changed in
    place), kept when first watched, before it could change."""

    __slots__ = ("stored",)
    stored: dict[str, Any]  # set by the first keep(): a document saved untouched never needs it

    def keep(self, doc: BaseDocument, name: str) -> None:
        """Remember the stored form of ``doc``'s field ``name`` as it is now; nothing for a value put
        through ``__dict__`` that cannot be stored (the save finds it changed, and refuses it)."""
        try:
            data = codec.to_mongo(doc, (name,))
        except (TypeError, ValueError, AttributeError):  # reading the field must not raise
            return
        if hasattr(self, "stored"):
            self.stored.update(data)
        else:
            self.stored = data

    def changed(self, doc: BaseDocument, data: dict[str, Any], watched: Collection[str]) -> set[str]:
        """The fields of ``doc`` (stored as ``data``) that changed since it was built: a watched one
        whose stored form differs from the one kept, another whose value was replaced."""
        values = doc.__dict__
        if not watched and all(map(operator.is_, map(values.get, self), self.values())):
            return set()  # the common case: untouched since built
        stored = getattr(self, "stored", {})
        changed = set()
        for name, key, _, _ in type(doc)._write_plan:
            if name in watched:
                if _key_differs(stored, data, key):
                    changed.add(name)
            elif values.get(name) is not self.get(name):
                changed.add(name)
        return changed


def validated(doc: TopLevelDocument) -> None:
    """Record what ``doc``, just built and validated, was built as, for ``checked()`` to validate
    again only what changed since. When its values share nothing with its caller
    (``fields.containers.builds_documents``), a change can only come through its attributes: its
    values are remembered (not encoded) and its fields are watched from now on (``Built``).
    Otherwise its stored form is remembered, and compared whole."""
    cls = type(doc)
    unshared = cls._unshared
    if unshared is None:
        unshared = cls._unshared = builds_documents(cls, set())  # once per class, on first build
    private: dict[str, Any] = doc.__pydantic_private__  # type: ignore[assignment]
    if unshared:
        private["_built"] = Built(doc.__dict__)
        private["_watched"] = set()
    else:
        private["_validated"] = doc.to_mongo()


def unsaved_fields(doc: TopLevelDocument) -> set[str] | None:
    """The fields whose value differs from the stored one (in-place changes included), which ``save()``
    validates; None for a document never loaded or saved (``checked()`` compares it with what it was
    validated as when built). Only the fields a save compares are looked at (``compared_fields``): an
    untouched long list costs nothing here."""
    snapshot = doc._private()["_snapshot"]
    if snapshot is None:
        return None
    names = compared_fields(doc)
    values = doc.__dict__
    changed = set()
    for name, key, encode, null in type(doc)._write_plan:
        if names is not None and name not in names:
            continue
        value = values.get(name)
        if value is None:
            if key in snapshot and not (null and snapshot[key] is None):
                changed.add(name)
        elif _differs(snapshot.get(key, MISSING), value if encode is None else encode(value)):
            changed.add(name)
    return changed


def saved(doc: TopLevelDocument, plan: SavePlan, reply: Any) -> bool:
    """Adopt the saved state after the driver's ``reply``; return True when the save created the document."""
    matched = None  # an insert's reply has no match count; an unacknowledged write's is unknown
    if plan.kind != "insert" and getattr(reply, "acknowledged", True):
        matched = getattr(reply, "matched_count", None)
    if plan.kind == "update" and matched == 0 and plan.replaced_files:
        names = ", ".join(swap.name for swap in plan.replaced_files)
        raise WriteConflict(
            f"{type(doc).__name__} {doc.id} changed since it was loaded (its {names} file was replaced "
            "by another write) or was deleted; nothing was saved and its new file was deleted: "
            "reload it and retry."
        )
    created = counted(doc, plan, reply) if plan.kind == "counted" else False
    if plan.kind == "update" and matched == 0:
        raise type(doc).DoesNotExist(f"{type(doc).__name__} {doc.id} no longer exists; nothing was saved.")
    doc.__dict__.update(plan.values)
    own_fields_set(doc).update(plan.values)
    stored(doc, plan.snapshot)
    return created or plan.kind == "insert" or (plan.kind == "replace" and matched == 0)


def stored(doc: TopLevelDocument, snapshot: dict[str, Any]) -> None:
    """Record that ``doc`` is now stored as ``snapshot``, which its later saves compare with."""
    private: dict[str, Any] = doc.__pydantic_private__  # type: ignore[assignment]
    private["_snapshot"] = snapshot
    private.pop("_validated", None)  # later saves compare with the snapshot
    if private.pop("_built", None) is not None:
        private["_watched"] = None  # and every field, as for any document built here


def identity_filter(doc: TopLevelDocument, action: str) -> dict[str, Any]:
    """``{'_id': doc.id}`` and the stored values of the shard key's fields (``meta['shard_key']``);
    OperationError for a document that was never saved."""
    if doc.id is None:
        raise OperationError(f"Cannot {action} a {type(doc).__name__} that has not been saved.")
    snapshot = doc._private()["_snapshot"]
    return _identity(doc, snapshot if snapshot is not None else doc.to_mongo())


def _identity(doc: TopLevelDocument, stored: dict[str, Any]) -> dict[str, Any]:
    """The filter of the one document ``doc``: its id, and its shard key's values as ``stored`` holds
    them (a sharded cluster then sends the write to one shard)."""
    query: dict[str, Any] = {"_id": doc.id}
    for path in shard_key_paths(type(doc)):
        value: Any = stored
        for key in path.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        query[path] = value
    return query


def shard_key_paths(cls: type[BaseDocument]) -> list[str]:
    """The stored paths of ``meta['shard_key']``."""
    return [resolve_path(cls, name.replace("__", ".").split("."))[0] for name in cls._meta.shard_key]


def refuse_shard_key_changes(cls: type[BaseDocument], update: dict[str, Any]) -> None:
    """OperationError when the update document ``update`` writes a field of the shard key."""
    paths = shard_key_paths(cls)
    if not paths:
        return
    written = [path for operator in update.values() if isinstance(operator, dict) for path in operator]
    written += [str(target) for target in update.get("$rename", {}).values()]
    changed = sorted(
        key
        for key in paths
        for path in written
        if path == key or path.startswith(key + ".") or key.startswith(path + ".")
    )
    if changed:
        fields = ", ".join(dict.fromkeys(changed))
        raise OperationError(
            f"{cls.__name__}'s shard key field(s) {fields} cannot change on a stored document: "
            "delete it and save a new one."
        )


def file_fields(cls: type[TopLevelDocument]) -> list[FileField]:
    """The file fields of ``cls``: deleting its documents deletes their files."""
    return [fld for fld in cls._fields.values() if isinstance(fld, FileField)]


def file_projection(cls: type[TopLevelDocument]) -> dict[str, int]:
    """The keys of ``cls``'s file fields, to read them from the document a delete removes."""
    return {"_id": 1} | {fld.db_key: 1 for fld in file_fields(cls)}


def saved_with(doc: BaseDocument, fld: FileField, stored: StoredFile) -> bool:
    """True when ``doc`` (a top-level document) was loaded or last saved with ``stored`` in ``fld``."""
    private = doc.__pydantic_private__ or {}
    value = (private.get("_snapshot") or {}).get(fld.db_key)
    return value is not None and StoredFile.from_mongo(value).grid_id == stored.grid_id


def held_files(doc: TopLevelDocument, stored: dict[str, Any] | None) -> list[tuple[FileField, StoredFile]]:
    """The files a deleted document held: those it was stored with (a stale copy may miss some),
    and those the copy in memory points to; each once."""
    held: dict[Any, tuple[FileField, StoredFile]] = {}
    for name, fld in type(doc)._fields.items():
        if not isinstance(fld, FileField):
            continue
        values = [doc.__dict__.get(name)]
        if stored is not None and stored.get(fld.db_key) is not None:
            values.append(StoredFile.from_mongo(stored[fld.db_key]))
        for value in values:
            if isinstance(value, StoredFile):
                held[fld.bucket, value.grid_id] = (fld, value)
    return list(held.values())


def deleted(doc: TopLevelDocument) -> None:
    """Forget the stored state of a deleted document (saving it again inserts it anew)."""
    doc._snapshot = None


def reloaded(doc: TopLevelDocument, data: dict[str, Any] | None) -> None:
    """Replace ``doc``'s values by the stored ones; DoesNotExist when it is gone."""
    if data is None:
        raise type(doc).DoesNotExist(f"{type(doc).__name__} {doc.id} no longer exists.")
    _adopt(doc, data)


def reload_projection(cls: type[TopLevelDocument], fields: tuple[str, ...]) -> dict[str, Any] | None:
    """What ``reload(*fields)`` reads: only the stored keys of ``fields`` (None: the whole document).
    Unknown names raise ValidationError naming the closest field."""
    if not fields:
        return None
    for name in fields:
        if name not in cls._fields:
            resolve_path(cls, [name])  # raises, naming the closest field
    return dict.fromkeys(sorted(cls._fields[name].db_key for name in fields), 1)


def reloaded_fields(doc: TopLevelDocument, data: dict[str, Any] | None, fields: tuple[str, ...]) -> None:
    """Replace only ``fields`` of ``doc`` by the stored values ``reload(*fields)`` read; DoesNotExist
    when it is gone. The other fields keep their values (and unsaved changes)."""
    if not fields or data is None:
        reloaded(doc, data)
        return
    cls = type(doc)
    fresh = cls.from_mongo(data).__dict__
    state = doc._private()
    snapshot = None if state["_snapshot"] is None else dict(state["_snapshot"])
    for name in fields:
        doc.__dict__[name] = fresh.get(name)
        key = cls._fields[name].db_key
        if snapshot is not None:
            if key in data:
                snapshot[key] = data[key]
            else:
                snapshot.pop(key, None)
    state["_snapshot"] = snapshot


def with_write_concern(collection: Any, write_concern: Mapping[str, Any] | None) -> Any:
    """``collection`` sending ``write_concern`` (``{'w': 'majority', 'wtimeout': 500}``, PyMongo's
    WriteConcern options), or itself when there is none."""
    if not write_concern:
        return collection
    try:
        concern = WriteConcern(**write_concern)
    except (TypeError, ConfigurationError) as exc:
        raise ValidationError(
            errors={
                "write_concern": [
                    f"Invalid write concern {dict(write_concern)!r} ({exc}); it takes w, "
                    "wtimeout, j and fsync."
                ]
            }
        ) from None
    return collection.with_options(write_concern=concern)


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
    doc._private().pop("_watched", None)  # fresh values, which nothing else holds: none is watched
