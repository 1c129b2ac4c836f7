"""Reference fields: a link to another document, stored as its id."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bson import DBRef, ObjectId
from pydantic import BeforeValidator

from .base import BaseField
from .scalars import to_object_id

if TYPE_CHECKING:
    from ..document.base import BaseDocument

DO_NOTHING = 0
NULLIFY = 1
CASCADE = 2
DENY = 3
PULL = 4


class ReferenceField(BaseField[Any]):
    """A reference to a document of ``document_type`` (a class or a class name), stored as its ``_id``.

    Accepts a saved document or its id (ObjectId or hex string); reads back the id.
    """

    encodes = True

    def __init__(
        self, document_type: type[BaseDocument] | str, reverse_delete_rule: int = DO_NOTHING, **options: Any
    ) -> None:
        super().__init__(**options)
        self._document_type = document_type
        self.reverse_delete_rule = reverse_delete_rule

    @property
    def document_type(self) -> type[BaseDocument]:
        """The referenced document class."""
        document_type = self._document_type
        if isinstance(document_type, str):
            document_type = self._document_type = self.resolve_document(document_type)
        return document_type

    def _coerce(self, value: Any) -> Any:
        from ..document.base import BaseDocument

        if isinstance(value, BaseDocument):
            target = self.document_type
            if not isinstance(value, target):
                raise ValueError(f"Expected a {target.__name__}, got a {type(value).__name__}.")
            if getattr(value, "id", None) is None:
                raise ValueError(f"The referenced {target.__name__} must be saved first.")
            return value
        if isinstance(value, DBRef):
            return to_object_id(value.id)
        return to_object_id(value)

    def base_annotation(self) -> Any:
        from typing import Annotated

        return Annotated[Any, BeforeValidator(self._coerce)]

    query_annotation = base_annotation
    exact_query_types = (ObjectId,)

    def to_mongo(self, value: Any) -> Any:
        return value if isinstance(value, ObjectId) else value.id


class GenericReferenceField(BaseField[Any]):
    """A reference to a saved document of any class, stored as ``{'_cls': name, '_ref': DBRef}``."""

    encodes = True

    def _coerce(self, value: Any) -> Any:
        from ..document.base import BaseDocument

        if isinstance(value, BaseDocument):
            if getattr(value, "id", None) is None:
                raise ValueError("The referenced document must be saved first.")
            return value
        if (
            isinstance(value, dict)
            and isinstance(value.get("_ref"), DBRef)
            and isinstance(value.get("_cls"), str)
        ):
            return value
        if isinstance(value, (ObjectId, DBRef)):
            raise ValueError(
                f"A generic reference takes the saved document itself, not a bare {type(value).__name__} "
                "(it does not name the document's class)."
            )
        raise ValueError("Expected a saved document.")

    def base_annotation(self) -> Any:
        from typing import Annotated

        return Annotated[Any, BeforeValidator(self._coerce)]

    query_annotation = base_annotation

    def to_mongo(self, value: Any) -> Any:
        from ..document.base import BaseDocument

        if isinstance(value, BaseDocument):
            from ..document.storage import collection_name

            collection = collection_name(type(value))
            return {"_cls": value._class_name, "_ref": DBRef(collection, value.__dict__["id"])}
        return dict(value)
