"""select_related(): loading referenced documents in one batched ``$in`` query per reference field."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from bson import DBRef, ObjectId

from ..document.registry import find_document
from ..errors import ValidationError
from ..faces import Fetch
from ..fields.base import BaseField
from ..fields.containers import ListField
from ..fields.references import GenericReferenceField, ReferenceField

if TYPE_CHECKING:
    from ..document.base import BaseDocument


def reference_field(cls: type[BaseDocument], name: str) -> ReferenceField | GenericReferenceField:
    """The reference field ``name`` of ``cls`` (directly or as the items of a list)."""
    field: BaseField[Any] | None = cls._fields.get(name)
    if isinstance(field, ListField):
        field = field.field
    if not isinstance(field, (ReferenceField, GenericReferenceField)):
        raise ValidationError(errors={name: [f"{name!r} is not a reference field."]})
    return field


def reference_names(cls: type[BaseDocument]) -> tuple[str, ...]:
    """The reference fields of ``cls`` (direct or lists of references)."""
    names = []
    for name, field in cls._fields.items():
        inner = field.field if isinstance(field, ListField) else field
        if isinstance(inner, (ReferenceField, GenericReferenceField)):
            names.append(name)
    return tuple(names)


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
                target = _target(field, item, cls)
                if target is not None:
                    wanted.setdefault(target, set()).add(_id_of(item))
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


def _id_of(item: Any) -> ObjectId:
    if isinstance(item, DBRef):
        return item.id  # type: ignore[no-any-return]
    return item if isinstance(item, ObjectId) else item["_ref"].id


def _target(field: BaseField[Any], item: Any, cls: type[BaseDocument]) -> type[BaseDocument] | None:
    """The class (on the face of ``cls``) an unloaded reference points to; None when it is loaded or
    names no defined class; LookupError when several classes have the name it stores."""
    if isinstance(field, ReferenceField) and isinstance(item, ObjectId):
        return field.document_type.twin(cls._face)
    if isinstance(field, ReferenceField) and isinstance(item, DBRef):  # to an abstract class: names it
        stored = _subclass_named(field.document_type, item.as_doc().get("cls"))
        return stored.twin(cls._face) if stored is not None else None
    if (
        isinstance(field, GenericReferenceField)
        and isinstance(item, dict)
        and isinstance(item.get("_ref"), DBRef)
    ):
        target = find_document(item["_cls"].split(".")[-1], cls.__module__)
        return target.twin(cls._face) if target is not None else None
    return None


def _subclass_named(base: type[BaseDocument], name: Any) -> type[BaseDocument] | None:
    """The concrete declared subclass of ``base`` whose class name is ``name``, or None."""
    pending = [base]
    while pending:
        klass = pending.pop()
        if klass._class_name == name and klass._twin_of is None and not klass._meta.abstract:
            return klass
        pending.extend(klass.__subclasses__())
    return None


def _loaded(
    field: BaseField[Any], item: Any, cls: type[BaseDocument], loaded: dict[tuple[str, ObjectId], Any]
) -> Any:
    target = _target(field, item, cls)
    if target is None:
        return item
    return loaded.get((target._meta.collection or "", _id_of(item)), item)
