"""select_related(): loading referenced documents in one batched ``$in`` query per reference field."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from bson import ObjectId

from ..faces import Fetch
from ..fields.base import BaseField
from ..fields.references import (
    reference_field,
    reference_key,
    target_class,
)

if TYPE_CHECKING:
    from ..document.base import BaseDocument


def load_related(
    documents: list[Any], fields: tuple[str, ...]
) -> Generator[Fetch, list[dict[str, Any]], None]:
    """Replace the references in ``fields`` of ``documents`` by the documents they point to.

    Yields one Fetch per field and referenced class (never one per document); references whose
    document is gone stay as they are.
    """
    if not documents:
        return
    cls = type(documents[0])
    for name in fields:
        field = reference_field(cls, name)
        wanted: dict[type[BaseDocument], set[ObjectId]] = {}
        for document in documents:
            for item in _items(document.__dict__.get(name)):
                target = target_class(field, item, cls)
                if target is not None:
                    wanted.setdefault(target, set()).add(reference_key(item))
        loaded: dict[tuple[str, ObjectId], Any] = {}
        for target, ids in wanted.items():
            found = yield Fetch(target, {"_id": {"$in": sorted(ids)}})
            collection = target._meta.collection or ""
            loaded.update({(collection, data["_id"]): target.from_mongo(data) for data in found})
        for document in documents:
            value = document.__dict__.get(name)
            replaced = [_loaded(field, item, cls, loaded) for item in _items(value)]
            document.__dict__[name] = (
                replaced if isinstance(value, list) else replaced[0] if replaced else value
            )


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _loaded(
    field: BaseField[Any], item: Any, cls: type[BaseDocument], loaded: dict[tuple[str, ObjectId], Any]
) -> Any:
    target = target_class(field, item, cls)
    if target is None:
        return item
    return loaded.get((target._meta.collection or "", reference_key(item)), item)
