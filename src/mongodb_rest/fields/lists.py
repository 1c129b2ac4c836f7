"""List fields with more to them: kept sorted, or of embedded documents with list helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import BaseField
from .containers import EmbeddedDocumentField, ListField

if TYPE_CHECKING:
    from ..document.base import BaseDocument


class SortedListField(ListField):
    """A list stored sorted: by its items, or by their ``ordering`` field (embedded documents, dicts);
    ``reverse=True`` sorts in descending order. None sorts first."""

    def __init__(
        self, field: BaseField[Any], ordering: str | None = None, reverse: bool = False, **options: Any
    ) -> None:
        super().__init__(field, **options)
        self.ordering = ordering
        self.reverse = reverse

    def sort_key(self, item: Any) -> tuple[bool, Any]:
        """The key ``item`` sorts by (None first)."""
        ordering = self.ordering
        if ordering is not None:
            if isinstance(item, dict):  # an embedded document still held as it was stored
                document_type = getattr(self.field, "document_type", None)
                known = document_type._fields.get(ordering) if document_type is not None else None
                item = item.get(known.db_key if known is not None else ordering)
            else:
                item = getattr(item, ordering)
        return item is not None, item

    def to_mongo(self, value: Any) -> Any:
        return super().to_mongo(sorted(value, key=self.sort_key, reverse=self.reverse))


class EmbeddedDocumentListField(ListField):
    """A list of ``document_type`` embedded documents; reading it gives an ``EmbeddedDocumentList``
    (``doc.comments.filter(author='x')``, ``get``, ``create``, ``save``...)."""

    def __init__(self, document_type: type[BaseDocument] | str, **options: Any) -> None:
        self.embedded = EmbeddedDocumentField(document_type)
        super().__init__(self.embedded, **options)

    @property
    def document_type(self) -> type[BaseDocument]:
        """The embedded document class."""
        return self.embedded.document_type
