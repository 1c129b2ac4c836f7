"""Reference fields that load on first access, on the sync face only (the async face never awaits
behind an attribute: it uses ``await document.fetch('field')`` or ``select_related``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..faces import registered_face
from ..fields.base import FieldAccess, is_document, watch

if TYPE_CHECKING:
    from .base import BaseDocument


class LazyReference(FieldAccess):
    """The descriptor of a reference field: on a sync-face document, reading ids loads the documents
    they reference (one query for a whole list); elsewhere it returns the stored value."""

    def __get__(self, document: BaseDocument | None, owner: type[Any]) -> Any:
        if document is None:  # fields are not class attributes (Pydantic reads inherited defaults there)
            raise AttributeError(self.name)
        watch(document, self.name)
        value = document.__dict__.get(self.name)
        if document._face == "sync" and _has_ids(value):
            registered_face("sync").load_references(document, (self.name,))
            value = document.__dict__.get(self.name)
        return value


class LazyEmbedded(FieldAccess):
    """The descriptor of an embedded document field (or list of them): documents are read with the
    stored dicts in place, and the first access builds the embedded documents (reads stay cheap)."""

    def __get__(self, document: BaseDocument | None, owner: type[Any]) -> Any:
        if document is None:  # fields are not class attributes (Pydantic reads inherited defaults there)
            raise AttributeError(self.name)
        watch(document, self.name)
        values = document.__dict__
        value = values.get(self.name)
        if _unbuilt(value):
            value = values[self.name] = document._fields[self.name].to_python(value)
        return value


class FileAccess(FieldAccess):
    """The descriptor of a file field: reading it gives the face's file proxy (``put``, ``read``...)."""

    def __get__(self, document: BaseDocument | None, owner: type[Any]) -> Any:
        if document is None:  # fields are not class attributes (Pydantic reads inherited defaults there)
            raise AttributeError(self.name)
        watch(document, self.name)  # the proxy's put() and replace() change the field
        proxy = registered_face(document._face or "aio").file_proxy
        return proxy(document, document._fields[self.name])


def _unbuilt(value: Any) -> bool:
    """True for a stored dict, or a list holding one (lists are built whole, so one tells)."""
    if type(value) is dict:
        return True
    if type(value) is list:
        first = next((item for item in value if item is not None), None)
        return type(first) is dict
    return False


def _has_ids(value: Any) -> bool:
    """True when some reference is not loaded yet: a key (an ObjectId, a custom primary key's value),
    a DBRef or a generic reference."""
    items = value if isinstance(value, list) else [value]
    return any(
        item is not None and (not (isinstance(item, dict) or is_document(item)) or "_ref" in item)
        for item in items
    )
