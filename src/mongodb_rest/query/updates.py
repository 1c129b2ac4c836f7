"""Update keywords (``set__name='x'``, ``inc__views=1``, ``push__tags='a'``) compiled to update documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..document.paths import resolve_path
from ..errors import ValidationError
from ..fields.base import BaseField
from ..fields.containers import ListField

if TYPE_CHECKING:
    from ..document.base import BaseDocument

Convert = Callable[[BaseField[Any] | None, Any, str], Any]


def _stored(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    if field is None:
        if isinstance(value, dict) and any(str(key).startswith("$") for key in value):
            raise ValidationError(errors={path: ["Operator dicts are not valid values."]})
        return value
    return field.to_stored(value)


def _item(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    if field is not None and not isinstance(field, ListField):
        raise ValidationError(errors={path: ["This modifier needs a list field."]})
    return _stored(field.field if field is not None else None, value, path)


def _unset(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    if field is not None and field.is_required_value():
        raise ValidationError(errors={path: ["A required field cannot be unset."]})
    return ""


def _items(field: BaseField[Any] | None, value: Any, path: str) -> list[Any]:
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__iter__"):
        raise ValidationError(errors={path: ["This modifier takes a list."]})
    return [_item(field, item, path) for item in value]


def _number(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        from decimal import Decimal

        from bson import Decimal128

        if isinstance(value, Decimal):
            return Decimal128(value)
        raise ValidationError(errors={path: ["This modifier takes a number."]})
    return value


def _add_to_set(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    if isinstance(value, (list, tuple)):
        return {"$each": _items(field, value, path)}
    return _item(field, value, path)


def _pop(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    if value not in (1, -1) or isinstance(value, bool):
        raise ValidationError(errors={path: ["pop takes 1 (last item) or -1 (first item)."]})
    return value


def _rename(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    if not isinstance(value, str) or not value or value.startswith("$"):
        raise ValidationError(errors={path: ["rename takes the new field name."]})
    return value


def _negate(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    return -_number(field, value, path)


def _current_date(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    return True


# modifier -> (update operator, how the value is converted)
MODIFIERS: dict[str, tuple[str, Convert]] = {
    "set": ("$set", _stored),
    "unset": ("$unset", _unset),
    "inc": ("$inc", _number),
    "dec": ("$inc", _negate),
    "mul": ("$mul", _number),
    "max": ("$max", _stored),
    "min": ("$min", _stored),
    "push": ("$push", _item),
    "push_all": ("$push", lambda field, value, path: {"$each": _items(field, value, path)}),
    "add_to_set": ("$addToSet", _add_to_set),
    "pull": ("$pull", _item),
    "pull_all": ("$pullAll", _items),
    "pop": ("$pop", _pop),
    "rename": ("$rename", _rename),
    "current_date": ("$currentDate", _current_date),
}


def compile_update(cls: type[BaseDocument], updates: dict[str, Any]) -> dict[str, Any]:
    """The update document for ``updates``; plain ``field=value`` sets (None unsets).

    Every value is validated against its field before anything is sent.
    """
    if not updates:
        raise ValidationError("update() needs at least one field to change.")
    document: dict[str, dict[str, Any]] = {}
    for key, value in updates.items():
        parts = key.split("__")
        modifier = parts.pop(0) if len(parts) > 1 and parts[0] in MODIFIERS else "set"
        path, field = resolve_path(cls, parts)
        if path == "_id":
            raise ValidationError(errors={key: ["The id of a document cannot be changed."]})
        operator, convert = MODIFIERS[modifier]
        converted = convert(field, value, key)
        if operator == "$set" and converted is None:
            operator, converted = "$unset", ""
        if modifier == "rename" and converted.split("__")[0] in cls._fields:
            converted = resolve_path(cls, converted.replace("__", ".").split("."))[0]
        document.setdefault(operator, {})[path] = converted
    return document
