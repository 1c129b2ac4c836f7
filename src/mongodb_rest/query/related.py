"""select_related(): loading referenced documents in one batched ``$in`` query per reference field."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bson import ObjectId

from ..errors import ValidationError
from ..fields.base import BaseField
from ..fields.containers import ListField
from ..fields.references import ReferenceField

if TYPE_CHECKING:
    from ..document.base import BaseDocument


@dataclass(frozen=True, slots=True)
class Fetch:
    """A find a core flow asks the face to run; the face sends back the list of stored documents."""

    document: type[BaseDocument]
    filter: dict[str, Any]


def reference_field(cls: type[BaseDocument], name: str) -> ReferenceField:
    """The ReferenceField ``name`` of ``cls`` (directly or as the items of a list)."""
    field: BaseField[Any] | None = cls._fields.get(name)
    if isinstance(field, ListField):
        field = field.field
    if not isinstance(field, ReferenceField):
        raise ValidationError(
            errors={name: [f"select_related() takes reference fields; {name!r} is not one."]}
        )
    return field


def reference_names(cls: type[BaseDocument]) -> tuple[str, ...]:
    """The reference fields of ``cls`` (direct or lists of references)."""
    names = []
    for name, field in cls._fields.items():
        inner = field.field if isinstance(field, ListField) else field
        if isinstance(inner, ReferenceField):
            names.append(name)
    return tuple(names)


def load_related(
    documents: list[Any], fields: tuple[str, ...]
) -> Generator[Fetch, list[dict[str, Any]], None]:
    """Replace the ids in ``fields`` of ``documents`` by the documents they reference.

    Yields one Fetch per field (never one per document); ids whose document is gone stay ids.
    """
    if not documents:
        return
    cls = type(documents[0])
    for name in fields:
        target = reference_field(cls, name).document_type.twin(cls._face)
        ids = sorted({ref for document in documents for ref in _ids(document.__dict__.get(name))})
        if not ids:
            continue
        found = yield Fetch(target, {"_id": {"$in": ids}})
        by_id = {data["_id"]: target.from_mongo(data) for data in found}
        for document in documents:
            value = document.__dict__.get(name)
            if isinstance(value, list):
                document.__dict__[name] = [
                    by_id.get(item, item) if isinstance(item, ObjectId) else item for item in value
                ]
            elif isinstance(value, ObjectId):
                document.__dict__[name] = by_id.get(value, value)


def _ids(value: Any) -> list[ObjectId]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, ObjectId)]
