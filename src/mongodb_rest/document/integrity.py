"""Delete rules that hold under concurrency: the flows a face pumps for ``delete()`` and after ``save()``.

No interleaving of saves with a delete leaves a document referencing a deleted one, with or without
transactions: a delete applies CASCADE, NULLIFY and PULL *after* the document is gone, and checks DENY
again then; a save checks the references it wrote (those with a delete rule) *after* its write, and
undoes the write when one of them is gone. Whichever of the two comes second sees the other.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from ..errors import DeleteDenied, ValidationError
from ..faces import Fetch
from ..fields.containers import ListField
from ..fields.references import CASCADE, DENY, DO_NOTHING, ReferenceField
from .delete_rules import delete_rules
from .persistence import SavePlan, deleted, file_projection

if TYPE_CHECKING:
    from .base import BaseDocument, TopLevelDocument


@dataclass(frozen=True, slots=True)
class Exists:
    """Ask the face whether a document of ``referrer`` (on its face) matches ``lookups``: a bool."""

    referrer: type[TopLevelDocument]
    lookups: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Remove:
    """Ask the face to delete the document matching ``filter`` and send back what was stored
    (``projection`` of it), or None."""

    filter: dict[str, Any]
    projection: dict[str, int] | None


@dataclass(frozen=True, slots=True)
class Restore:
    """Ask the face to insert ``data`` again (a delete that DENY refused after the fact)."""

    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Cascade:
    """Ask the face to delete the documents of ``referrer`` matching ``lookups`` (with their rules)."""

    referrer: type[TopLevelDocument]
    lookups: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Change:
    """Ask the face to apply ``updates`` to the documents of ``referrer`` matching ``lookups``."""

    referrer: type[TopLevelDocument]
    lookups: dict[str, Any]
    updates: dict[str, Any]


DeleteStep = Exists | Remove | Restore | Cascade | Change


def delete_flow(
    doc: TopLevelDocument, query: dict[str, Any]
) -> Generator[DeleteStep, Any, dict[str, Any] | None]:
    """Delete ``doc`` (matching ``query``) and apply the rules of the documents that reference it.

    DENY refuses before the delete, and again after it when a referrer was saved meanwhile (the
    document is then put back). CASCADE, NULLIFY and PULL apply once it is gone, so that a referrer
    saved meanwhile is either caught by them or sees it gone. Returns the stored file fields of the
    deleted document (all of it when a DENY rule may have to restore it), or None when nothing
    matched.
    """
    rules = delete_rules(type(doc))
    denying = [rule for rule in rules if rule.rule == DENY]
    for rule in denying:
        if (yield Exists(rule.referrer, rule.lookup(doc))):
            raise DeleteDenied(rule.denial(doc))
    stored = yield Remove(query, None if denying else file_projection(type(doc)))
    if stored is None:  # nothing matched (gone already, or another version): no rule is ours to apply
        return None
    for rule in denying:
        if (yield Exists(rule.referrer, rule.lookup(doc))):
            if stored is not None:
                yield Restore(stored)
            raise DeleteDenied(rule.denial(doc))
    for rule in rules:
        if rule.rule == CASCADE:
            yield Cascade(rule.referrer, rule.lookup(doc))
        elif rule.rule != DENY:
            yield Change(rule.referrer, rule.lookup(doc), rule.update(doc))
    return stored  # type: ignore[no-any-return]


def refuse_denied(documents: Sequence[TopLevelDocument]) -> Generator[DeleteStep, Any, None]:
    """Before a QuerySet deletes ``documents`` (of one class) one by one: DeleteDenied when a DENY rule's
    referrer names any of them, so that none is deleted."""
    ids = [doc.id for doc in documents]
    for rule in delete_rules(type(documents[0])):
        if rule.rule == DENY and (yield Exists(rule.referrer, {f"{rule.field}__in": ids})):
            raise DeleteDenied(rule.denial(documents[0]))


@dataclass(frozen=True, slots=True)
class Undo:
    """A write to take back because a reference it wrote names a deleted document: the collection
    method and arguments to send, the stored values the document returns to, and the error to raise."""

    method: str
    args: tuple[Any, ...]
    restored: dict[str, Any]  # stored key -> its value before the write (MISSING_KEY: it had none)
    error: ValidationError


MISSING_KEY: Any = object()


@cache
def guarded_references(cls: type[TopLevelDocument]) -> tuple[tuple[str, str, ReferenceField], ...]:
    """The reference fields of ``cls`` (or lists of them) with a delete rule: (name, key, field);
    found once per class (its fields and their rules are fixed when it is declared), as every save
    asks."""
    guarded = []
    for name, field in cls._fields.items():
        reference = field.field if isinstance(field, ListField) else field
        if isinstance(reference, ReferenceField) and reference.reverse_delete_rule != DO_NOTHING:
            guarded.append((name, field.db_key, reference))
    return tuple(guarded)


def _missing(
    cls: type[TopLevelDocument], writes: list[dict[str, Any]]
) -> Generator[Fetch, list[dict[str, Any]], tuple[dict[str, list[str]], set[str]]]:
    """Look up the documents the references with a delete rule in ``writes`` (stored forms of
    documents, or ``$set``s) name, one find per referenced class; return the messages of those
    gone, by field name, and the stored keys that hold them."""
    wanted: dict[type[BaseDocument], dict[Any, set[tuple[str, str]]]] = {}  # class -> id -> fields
    for name, key, reference in guarded_references(cls):
        target = reference.document_type.twin(cls._face)
        for written in writes:
            value = written.get(key)
            for item in value if isinstance(value, list) else [] if value is None else [value]:
                wanted.setdefault(target, {}).setdefault(item, set()).add((name, key))
    missing: dict[str, list[str]] = {}
    keys: set[str] = set()
    for target, ids in wanted.items():
        found = yield Fetch(target, {"_id": {"$in": list(ids)}}, {"_id": 1})
        for item in set(ids) - {data["_id"] for data in found}:
            for name, key in sorted(ids[item]):
                keys.add(key)
                message = f"{target.__name__} {item} does not exist (it was deleted)."
                missing.setdefault(name, []).append(message)
    return missing, keys


def check_references(
    doc: TopLevelDocument, plan: SavePlan, created: bool
) -> Generator[Fetch, list[dict[str, Any]], Undo | None]:
    """After ``plan`` was written: look up the documents its references with a delete rule name (one
    find per referenced class) and, when one is gone, say how to undo the write: delete a created
    document, or put the references of an updated one back as they were."""
    if not guarded_references(type(doc)):
        return None
    written = plan.payload.get("$set", {}) if plan.kind == "update" else plan.payload
    missing, keys = yield from _missing(type(doc), [written])
    if not missing:
        return None
    name = type(doc).__name__
    if created:
        error = ValidationError(errors={n: [*m, f"The {name} was not saved."] for n, m in missing.items()})
        return Undo("delete_one", ({"_id": doc.id},), {}, error)
    restored = {key: plan.previous.get(key, MISSING_KEY) for key in keys}
    update: dict[str, dict[str, Any]] = {}
    for key, value in restored.items():
        if value is MISSING_KEY:
            update.setdefault("$unset", {})[key] = ""
        else:
            update.setdefault("$set", {})[key] = value
    guard = {"_id": doc.id, **{key: written[key] for key in keys}}  # unless written again since
    error = ValidationError(errors={n: [*m, f"The change to {n} was undone."] for n, m in missing.items()})
    return Undo("update_one", (guard, update), restored, error)


def check_bulk_references(
    cls: type[TopLevelDocument], documents: Sequence[TopLevelDocument], payloads: list[dict[str, Any]]
) -> Generator[Fetch, list[dict[str, Any]], Undo | None]:
    """After ``bulk_create()`` of ``cls`` inserted ``payloads`` (of ``documents``, which may be of its
    subclasses): as check_references(), for all of them at once, each by its own class's references;
    when a reference is gone, the undo deletes every one of them again (all or nothing)."""
    by_class: dict[type[TopLevelDocument], list[dict[str, Any]]] = {}
    for document, data in zip(documents, payloads, strict=True):
        by_class.setdefault(type(document), []).append(data)
    missing: dict[str, list[str]] = {}
    for kind, written in by_class.items():
        if guarded_references(kind):
            gone, _ = yield from _missing(kind, written)
            for name, messages in gone.items():
                missing.setdefault(name, []).extend(messages)
    if not missing:
        return None
    done = f"None of the {len(payloads)} {cls.__name__} documents was saved."
    error = ValidationError(errors={name: [*messages, done] for name, messages in missing.items()})
    return Undo("delete_many", ({"_id": {"$in": [data["_id"] for data in payloads]}},), {}, error)


def undone(doc: TopLevelDocument, undo: Undo) -> None:
    """Adopt the state ``undo`` left ``doc`` in: saving it again writes its references again."""
    if undo.method != "update_one":
        deleted(doc)
    else:
        snapshot = dict(doc._private()["_snapshot"])
        for key, value in undo.restored.items():
            if value is MISSING_KEY:
                snapshot.pop(key, None)
            else:
                snapshot[key] = value
        doc._snapshot = snapshot
