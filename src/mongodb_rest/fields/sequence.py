"""SequenceField: a number taken from an atomic counter document when a document is first saved."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator

from ..document.options import collection_name
from ..errors import DefinitionError
from .base import BaseField
from .kinds import FieldKind
from .scalars import _refuse_bool

if TYPE_CHECKING:
    from ..document.base import BaseDocument

COUNTERS = "mongoengine.counters"
"""The collection MongoEngine keeps its counters in (shared, so migrated counters carry on)."""


class SequenceField(BaseField[Any]):
    """MongoEngine's ``SequenceField``: unset when a document is saved, it takes the next value of the
    counter ``{_id: '<sequence_name>.<field>', next: n}`` in ``collection_name`` (``$inc`` in one
    ``find_one_and_update``, created on first use), passed through ``value_decorator`` (``int``).

    ``sequence_name`` defaults to the document's collection, so documents sharing it count together.
    """

    kind = FieldKind("sequence")  # any type, as a value_decorator may return
    python_type = int

    def __init__(
        self,
        collection_name: str = COUNTERS,
        sequence_name: str | None = None,
        value_decorator: Callable[[int], Any] | None = None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.required = False  # unset until the first save assigns it, even as a primary key
        self.collection_name = collection_name
        self.sequence_name = sequence_name
        self.value_decorator = value_decorator

    def attach(self, name: str, owner: type[Any]) -> None:
        if getattr(owner, "_embedded", False):
            raise DefinitionError(
                f"{owner.__name__}.{name}: a SequenceField counts documents saved in a collection; "
                "declare it on a Document, not an embedded document."
            )
        super().attach(name, owner)

    def base_annotation(self) -> Any:
        if self.value_decorator is not None:
            return Any
        return Annotated[int, BeforeValidator(_refuse_bool)]

    query_annotation = base_annotation

    def is_required_value(self) -> bool:
        return False  # unset until the first save assigns it

    def sequence_id(self, cls: type[BaseDocument]) -> str:
        """The ``_id`` of this field's counter document."""
        return f"{self.sequence_name or collection_name(cls._root())}.{self.name}"

    def counter_update(
        self, cls: type[BaseDocument], count: int = 1
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The filter and update that take the next ``count`` values (``find_one_and_update``, upsert,
        after)."""
        return {"_id": self.sequence_id(cls)}, {"$inc": {"next": count}}

    def values(self, counter: dict[str, Any], count: int) -> list[Any]:
        """The ``count`` values one ``$inc`` of ``count`` took, in order (``counter``: as after it)."""
        last = int(counter["next"])
        numbers = range(last - count + 1, last + 1)
        return list(numbers) if self.value_decorator is None else [*map(self.value_decorator, numbers)]


def unset_sequences(document: BaseDocument) -> list[SequenceField]:
    """The sequence fields of ``document`` that have no value yet (save assigns them)."""
    values = document.__dict__
    return [field for name, field in sequence_fields(type(document)) if values.get(name) is None]


def sequences_to_take[D: BaseDocument](
    documents: Sequence[D],
) -> list[tuple[SequenceField, list[D]]]:
    """For the documents of one insert: each sequence field they leave unset, with those documents
    in order, one entry per counter (a subclass counts with its parent), so that each counter is
    advanced once by as many."""
    taking: dict[tuple[str, SequenceField], list[D]] = {}
    for document in documents:
        for field in unset_sequences(document):
            taking.setdefault((field.sequence_id(type(document)), field), []).append(document)
    return [(field, found) for (_, field), found in taking.items()]


@cache
def sequence_fields(cls: type[BaseDocument]) -> tuple[tuple[str, SequenceField], ...]:
    """The sequence fields of ``cls`` by name, found once per class (as every save asks)."""
    return tuple((name, field) for name, field in cls._fields.items() if isinstance(field, SequenceField))
