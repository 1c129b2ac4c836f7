"""select_related(): loading referenced documents in one batched ``$in`` query per reference field."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

from bson import ObjectId

from ..document.codec import reader_for
from ..faces import Fetch
from ..fields.references import (
    GenericReferenceField,
    ReferenceField,
    reference_field,
    reference_key,
    target_class,
)

if TYPE_CHECKING:
    from ..document.base import BaseDocument

IDS_PER_QUERY = 1000  # the most ids one ``$in`` asks for
Field = ReferenceField | GenericReferenceField


def load_related(
    documents: list[Any], fields: tuple[str, ...]
) -> Generator[Fetch, list[dict[str, Any]], None]:
    """Replace the references in ``fields`` of ``documents`` by the documents they point to.

    Yields one Fetch per field, referenced class and thousand ids (never one per document);
    references whose document is gone stay as they are.
    """
    if not documents:
        return
    cls = type(documents[0])
    for name in fields:
        field = reference_field(cls, name)
        values = [document.__dict__.get(name) for document in documents]
        wanted = _wanted(field, cls, values)
        loaded: dict[str, dict[Any, Any]] = {}  # by collection: the documents found, by key
        for target, ids in wanted.items():
            found = loaded.setdefault(target._meta.collection or "", {})
            read = reader_for(target)
            ordered = sorted(ids)
            for start in range(0, len(ordered), IDS_PER_QUERY):
                reply = yield Fetch(target, {"_id": {"$in": ordered[start : start + IDS_PER_QUERY]}})
                found.update({data["_id"]: read(data) for data in reply})
        swap = _swapper(field, cls, wanted, loaded)
        for document, value in zip(documents, values, strict=True):
            if isinstance(value, list):
                document.__dict__[name] = [swap(item) for item in value]
            elif value is not None:
                document.__dict__[name] = swap(value)


def _wanted(field: Field, cls: type[BaseDocument], values: list[Any]) -> dict[type[BaseDocument], set[Any]]:
    """The keys to load, by referenced class. A stored ObjectId of a ReferenceField (nearly every
    reference) names the field's class: only the other kinds are looked at one by one."""
    keys: set[Any] = set()  # ObjectIds of a ReferenceField
    wanted: dict[type[BaseDocument], set[Any]] = {}
    plain = isinstance(field, ReferenceField)
    for value in values:
        for item in value if isinstance(value, list) else () if value is None else (value,):
            if plain and type(item) is ObjectId:
                keys.add(item)
                continue
            target = target_class(field, item, cls)
            if target is not None:
                wanted.setdefault(target, set()).add(reference_key(item))
    if keys and isinstance(field, ReferenceField):
        wanted.setdefault(field.document_type.twin(cls._face), set()).update(keys)
    return wanted


def _swapper(
    field: Field,
    cls: type[BaseDocument],
    wanted: dict[type[BaseDocument], set[Any]],
    loaded: dict[str, dict[Any, Any]],
) -> Callable[[Any], Any]:
    """The function giving a stored reference's loaded document (the reference itself when its
    document is gone or it is not a reference to load)."""
    direct: dict[Any, Any] | None = None
    if isinstance(field, ReferenceField) and wanted:
        direct = loaded.get(field.document_type.twin(cls._face)._meta.collection or "")

    def swap(item: Any) -> Any:
        if direct is not None and type(item) is ObjectId:
            return direct.get(item, item)
        target = target_class(field, item, cls)
        if target is None:
            return item
        return loaded.get(target._meta.collection or "", {}).get(reference_key(item), item)

    return swap
