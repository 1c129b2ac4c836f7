"""Lazy reference fields: reading gives a LazyReference (``.pk``, ``fetch()``), never a query."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bson import DBRef

from ..document.options import collection_name
from .base import FieldAccess, is_document
from .references import GenericReferenceField, ReferenceField, reference_field, reference_key, target_class

if TYPE_CHECKING:
    from ..document.base import BaseDocument


class LazyReference:
    """A reference read from a lazy reference field: the referenced class and key, loaded only by
    ``fetch()`` (awaited on the async face). Equal to another reference, or the document, with the
    same key."""

    __slots__ = ("_document", "document_type", "pk")

    def __init__(self, document_type: type[BaseDocument], pk: Any, document: BaseDocument | None = None):
        self.document_type = document_type  # on the face of the document it was read from
        self.pk = pk
        self._document = document

    @property
    def id(self) -> Any:
        """The referenced document's key (``pk``)."""
        return self.pk

    def fetch(self, force: bool = False) -> Any:
        """The referenced document, loaded on first call (again with ``force=True``): a coroutine on
        the async face. DoesNotExist when it is gone."""
        if self.document_type._face == "aio":
            return self._fetch_async(force)
        if self._document is None or force:
            self._document = self.document_type._default_manager.get(id=self.pk)  # type: ignore[attr-defined]
        return self._document

    async def _fetch_async(self, force: bool) -> Any:
        if self._document is None or force:
            self._document = await self.document_type._default_manager.get(id=self.pk)  # type: ignore[attr-defined]
        return self._document

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyReference):
            return self.document_type._root() is other.document_type._root() and self.pk == other.pk
        if is_document(other):
            related = issubclass(type(other)._root(), self.document_type._root())
            return related and other.__dict__.get("id") == self.pk
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.pk)

    def __repr__(self) -> str:
        return f"<LazyReference({self.document_type.__name__}, {self.pk!r})>"


class LazyReferenceField(ReferenceField):
    """MongoEngine's ``LazyReferenceField``: stored as ``ReferenceField`` stores it (``dbref=True``,
    ``reverse_delete_rule`` alike), read as a LazyReference: no query until ``fetch()``. Accepts a
    saved document, its id, or a LazyReference."""

    def _coerce(self, value: Any) -> Any:
        if isinstance(value, LazyReference):
            value = value._document if value._document is not None else value.pk
        return super()._coerce(value)


class GenericLazyReferenceField(GenericReferenceField):
    """MongoEngine's ``GenericLazyReferenceField``: stored as ``GenericReferenceField`` stores it
    (``{_cls, _ref}``), read as a LazyReference to the document's class. Accepts a saved document or
    a LazyReference."""

    def _coerce(self, value: Any) -> Any:
        if isinstance(value, LazyReference):
            if value._document is not None:
                value = value._document
            else:
                collection = collection_name(value.document_type)
                value = {"_cls": value.document_type._class_name, "_ref": DBRef(collection, value.pk)}
        return super()._coerce(value)


class LazyReferenceAccess(FieldAccess):
    """The descriptor of a lazy reference field (or a list of them): reading wraps each stored
    reference, or document, in a LazyReference on the document's face."""

    def __get__(self, document: BaseDocument | None, owner: type[Any]) -> Any:
        if document is None:  # fields are not class attributes (Pydantic reads inherited defaults there)
            raise AttributeError(self.name)
        value = document.__dict__.get(self.name)
        if isinstance(value, list):
            return [_wrap(document, self.name, item) for item in value]
        return _wrap(document, self.name, value)


def _wrap(document: BaseDocument, name: str, item: Any) -> Any:
    if item is None:
        return None
    if is_document(item):
        return LazyReference(type(item), item.__dict__.get("id"), item)
    target = target_class(reference_field(type(document), name), item, type(document))
    if target is None:  # a generic reference naming no defined class
        return item
    return LazyReference(target, reference_key(item))
