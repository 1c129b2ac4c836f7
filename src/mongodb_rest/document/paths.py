"""Field paths: ``address__city`` or ``address.city`` to the stored key path and the field at its end."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import ValidationError
from ..fields.base import BaseField
from ..fields.containers import DictField, EmbeddedDocumentField, ListField, check_key

if TYPE_CHECKING:
    from .base import BaseDocument


def resolve_path(cls: type[BaseDocument], parts: list[str]) -> tuple[str, BaseField[Any] | None]:
    """The stored dotted path of ``parts`` and the field it ends on (None inside a free-form dict).

    Raises ValidationError naming the first unknown part.
    """
    keys: list[str] = []
    current: type[BaseDocument] | None = cls
    field: BaseField[Any] | None = None
    for part in parts:
        if current is None:
            if not (part.isdigit() or part == "$"):  # not a positional index: a key inside a dict
                if field is not None and not isinstance(field, DictField):
                    raise ValidationError(
                        errors={".".join(parts): [f"{part!r} is not a field of {_describe(field)}."]}
                    )
                try:
                    check_key(part)  # the keys a saved dict may hold
                except ValueError as exc:
                    raise ValidationError(errors={".".join(parts): [str(exc)]}) from None
            keys.append(part)
            field = field.field if isinstance(field, DictField) else None
            continue
        if part == "pk":
            part = "id"
        field = current._fields.get(part)
        if field is None:
            raise ValidationError(errors={".".join(parts): [f"{cls.__name__} has no field {part!r}."]})
        keys.append(field.db_key)
        inner = field
        while isinstance(inner, ListField) and inner.field is not None:
            inner = inner.field
        current = inner.document_type if isinstance(inner, EmbeddedDocumentField) else None
    return ".".join(keys), field


def _describe(field: BaseField[Any] | None) -> str:
    return f"the {type(field).__name__} {field.name!r}" if field is not None else "this value"
