"""EmbeddedDocumentList: the list an EmbeddedDocumentListField reads as, with MongoEngine's helpers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self

from .. import errors
from ..fields.lists import EmbeddedDocumentListField
from .lazy import LazyEmbedded

if TYPE_CHECKING:
    from .base import BaseDocument


class EmbeddedDocumentList(list[Any]):
    """Embedded documents of one field of ``instance``: filter them in memory, change them, and save
    them through the document that holds them (``doc.comments.filter(author='x').update(text='y')``,
    then ``doc.comments.save()``)."""

    def __init__(self, items: Iterable[Any], instance: BaseDocument, name: str) -> None:
        super().__init__(items)
        self._instance = instance
        self._name = name

    def _owned(self) -> list[Any]:
        """The list the document holds (this one, or the one this was filtered from)."""
        owned: list[Any] = getattr(self._instance, self._name)
        return owned

    def _document_type(self) -> type[BaseDocument]:
        field = self._instance._fields[self._name]
        assert isinstance(field, EmbeddedDocumentListField)  # the only field read as this list
        return field.document_type

    def _matches(self, item: Any, conditions: dict[str, Any]) -> bool:
        document_type = self._document_type()
        for name, expected in conditions.items():
            if name not in document_type._fields:
                raise errors.ValidationError(
                    errors={name: [f"{document_type.__name__} has no field {name!r}."]}
                )
            if getattr(item, name) != expected:
                return False
        return True

    def _chain(self, items: Iterable[Any]) -> Self:
        return type(self)(items, self._instance, self._name)

    def filter(self, **conditions: Any) -> Self:
        """The embedded documents whose fields equal ``conditions``."""
        return self._chain(item for item in self if self._matches(item, conditions))

    def exclude(self, **conditions: Any) -> Self:
        """The embedded documents whose fields do not all equal ``conditions``."""
        return self._chain(item for item in self if not self._matches(item, conditions))

    def count(self) -> int:  # type: ignore[override]
        """How many embedded documents this list holds."""
        return len(self)

    def first(self) -> Any:
        """The first embedded document, or None."""
        return self[0] if self else None

    def get(self, **conditions: Any) -> Any:
        """The one embedded document matching ``conditions``; DoesNotExist or MultipleObjectsReturned."""
        found = self.filter(**conditions)
        if not found:
            raise errors.DoesNotExist(f"No embedded document matches {conditions!r}.")
        if len(found) > 1:
            raise errors.MultipleObjectsReturned(f"{len(found)} embedded documents match {conditions!r}.")
        return found[0]

    def create(self, **values: Any) -> Any:
        """A new embedded document of ``values``, appended to the document's list (not saved)."""
        item = self._document_type()(**values)
        owned = self._owned()
        owned.append(item)
        if owned is not self:
            self.append(item)
        return item

    def update(self, **values: Any) -> int:
        """Set ``values`` on every embedded document of this list (not saved); how many were changed."""
        for item in self:
            for name, value in values.items():
                setattr(item, name, value)
        return len(self)

    def delete(self) -> int:
        """Remove these embedded documents from the document's list (not saved); how many were removed."""
        doomed = {id(item) for item in self}
        owned = self._owned()
        owned[:] = [item for item in owned if id(item) not in doomed]
        if owned is not self:
            self.clear()
        return len(doomed)

    def save(self, *args: Any, **kwargs: Any) -> Any:
        """Save the document that holds this list (await it on the async face)."""
        return self._instance.save(*args, **kwargs)  # type: ignore[attr-defined]


class EmbeddedListAccess(LazyEmbedded):
    """The descriptor of an EmbeddedDocumentListField: reads give an ``EmbeddedDocumentList``."""

    def __get__(self, document: BaseDocument | None, owner: type[Any]) -> Any:
        value = super().__get__(document, owner)
        if type(value) is list and document is not None:
            value = document.__dict__[self.name] = EmbeddedDocumentList(value, document, self.name)
        return value
