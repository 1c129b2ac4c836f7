"""Embedded documents whose class is stored with them (``_cls``): inheriting embedded documents,
GenericEmbeddedDocumentField, and embedded documents inside untyped lists and dicts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator, ValidatorFunctionWrapHandler, WrapValidator

from ..document.registry import find_document
from ..document.undeclared import carried
from ..errors import OperationError
from .base import BaseField, refuse_operator_dicts
from .kinds import FieldKind

if TYPE_CHECKING:
    from ..document.base import BaseDocument


def is_embedded(value: Any) -> bool:
    """True for an embedded document instance."""
    return getattr(type(value), "_embedded", False) is True and hasattr(value, "to_mongo")


def stored_embedded(value: Any) -> dict[str, Any]:
    """An embedded document as stored where its class is not declared: its fields and ``_cls``."""
    data: dict[str, Any] = value.to_mongo()
    data["_cls"] = value._class_name
    return data


def embedded_class(class_name: Any, module: str | None = None) -> type[BaseDocument] | None:
    """The embedded document class a stored ``_cls`` names (the one in ``module`` first; None when it
    names none). Raises OperationError when several modules declare that name."""
    if not isinstance(class_name, str):
        return None
    try:
        found = find_document(class_name.rpartition(".")[2], module)
    except LookupError as exc:
        raise OperationError(f"Cannot read a stored {class_name!r}: {exc}") from None
    return found if found is not None and found._embedded else None


def read_tagged(value: dict[str, Any], module: str | None = None) -> Any:
    """A stored dict tagged with an embedded document's ``_cls`` as that document, else None."""
    found = embedded_class(value.get("_cls"), module)
    return None if found is None else found.from_mongo(value)


def own_init(document_type: type[BaseDocument]) -> bool:
    """True when ``document_type`` has an ``__init__`` beyond the library's (which may keep what it is
    given, or send init signals)."""
    return not getattr(document_type.__init__, "library_init", False)


def as_own_class(declared: Any) -> WrapValidator:
    """A validator letting an instance of a subclass of ``declared`` (an inheriting embedded
    document) validate as its own class instead of being cut down to ``declared``; an instance
    keeps the undeclared stored keys it was read with.

    A dict is refused when it holds operators (``{'$set': ...}``) or keys that are not strings,
    else built by the class's ``__init__`` (its init signals, its errors)."""

    def validate(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if isinstance(value, dict):
            if not all(isinstance(key, str) for key in value):  # keyword arguments of its ``__init__``
                raise ValueError("Keys should be strings.")
            return handler(refuse_operator_dicts(value))
        document_type = declared()
        if (
            type(value) is not document_type
            and document_type._meta.allow_inheritance
            and isinstance(value, document_type)  # an ABC's check: the slowest, so the last
        ):
            return carried(value, type(value).__pydantic_validator__.validate_python(value))
        return carried(value, handler(value))

    return WrapValidator(validate)


def _any_embedded(field: BaseField[Any]) -> BeforeValidator:
    def validate(value: Any) -> Any:
        if is_embedded(value):
            return carried(value, type(value).__pydantic_validator__.validate_python(value))
        if isinstance(value, dict) and "_cls" in value:
            try:
                found = embedded_class(value["_cls"], field.owner_module)
            except OperationError as exc:
                raise ValueError(str(exc)) from None
            if found is not None:
                return found.model_validate({key: item for key, item in value.items() if key != "_cls"})
        raise ValueError("Expected an embedded document.")

    return BeforeValidator(validate)


class GenericEmbeddedDocumentField(BaseField[Any]):
    """An embedded document of any class, stored with its class name (``_cls``) and read back as
    that class; a dict with a ``_cls`` naming an embedded document class is accepted too."""

    kind = FieldKind("generic_embedded", ("object",))
    encodes = True
    decodes = True

    def base_annotation(self) -> Any:
        return Annotated[Any, _any_embedded(self)]

    query_annotation = base_annotation

    def to_mongo(self, value: Any) -> Any:
        return stored_embedded(value)

    def to_python(self, value: Any) -> Any:
        read = read_tagged(value, self.owner_module) if isinstance(value, dict) else None
        return value if read is None else read
