"""Update keywords (``set__name='x'``, ``inc__views=1``, ``push__tags='a'``) compiled to update documents,
and what an upsert adds for the document it may insert."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from bson import Regex

from ..document.codec import is_dynamic
from ..document.paths import resolve_path
from ..errors import ValidationError
from ..fields.base import BaseField
from ..fields.containers import EmbeddedDocumentField, ListField
from ..fields.scalars import DecimalField, now, to_decimal128

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

        if isinstance(value, Decimal):
            if isinstance(field, DecimalField):
                return field.to_query(value)
            try:
                return to_decimal128(value)
            except ValueError as exc:
                raise ValidationError(errors={path: [str(exc)]}) from None
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
    "set_on_insert": ("$setOnInsert", _stored),
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
        modifier, path, field = resolved_update(cls, key)
        operator, convert = MODIFIERS[modifier]
        converted = convert(field, value, key)
        if operator == "$set" and converted is None:
            operator, converted = "$unset", ""
        if modifier == "rename":
            converted = _renamed_to(cls, converted)
        document.setdefault(operator, {})[path] = converted
    if cls._version_key is not None:  # a versioned document's every write increments its version
        document.setdefault("$inc", {})[cls._version_key] = 1
    return document


def _renamed_to(cls: type[BaseDocument], target: str) -> str:
    """The stored path ``rename`` moves a field to: a declared field's stored key, on a dynamic
    document an undeclared name it may be given, on others any name (as MongoEngine's ``rename``)."""
    parts = target.replace("__", ".").split(".")
    if parts[0] in cls._fields or is_dynamic(cls):
        return resolve_path(cls, parts, writing=True)[0]
    return target


@lru_cache(maxsize=2048)
def resolved_update(cls: type[BaseDocument], key: str) -> tuple[str, str, BaseField[Any] | None]:
    """What the update keyword ``key`` (``'inc__stats__views'``) means on ``cls``, whatever the value:
    its modifier, the stored path and the field there. Resolved once per class and key (a class's
    fields never change once it is declared); an unknown name raises ValidationError every time."""
    parts = ["$" if part == "S" else part for part in key.split("__")]  # S: the positional $
    modifier = parts.pop(0) if len(parts) > 1 and parts[0] in MODIFIERS else "set"
    path, field = resolve_path(cls, parts, writing=modifier != "unset")  # unset clears any stored key
    if path == "_id":
        raise ValidationError(errors={key: ["The id of a document cannot be changed."]})
    return modifier, path, field


# operators that write a value where there was none, so an inserted document has the field
_CREATING = frozenset(
    {"$set", "$setOnInsert", "$inc", "$mul", "$max", "$min", "$push", "$addToSet", "$currentDate"}
)


def compile_upsert(cls: type[BaseDocument], query: dict[str, Any], updates: dict[str, Any]) -> dict[str, Any]:
    """The update document for ``updates`` sent with ``upsert=True`` on ``query`` (a compiled filter).

    What a document it inserts also gets goes in ``$setOnInsert``, each path only where the update does
    not write it: the filter's equality conditions, the class's defaults (auto_now fields: now) and its
    ``_cls`` tag. ValidationError, before anything is sent, when that document would lack a required
    field or a condition cannot become a value (one on the items of a list).
    """
    update = compile_update(cls, updates)
    written = [path for operator, paths in update.items() for path in paths]
    written += [target for target in update.get("$rename", {}).values()]
    created = [path for operator, paths in update.items() if operator in _CREATING for path in paths]
    on_insert: dict[str, Any] = dict(update.get("$setOnInsert", {}))
    for path, value in equalities(query).items():
        if path != "_id" and not _overlaps(path, [*written, *on_insert]):
            on_insert[path] = _inserted_value(cls, path, value)
    taken = [*written, *on_insert]
    timestamped = {name for name, _ in cls._timestamped}
    missing = []
    for name, field in cls._fields.items():
        key = field.db_key
        if key == "_id":
            continue
        if not _overlaps(key, taken):
            value = now() if name in timestamped else _default(cls, name, field)
            if value is not None:
                on_insert[key] = value
                continue
        if field.is_required_value() and not _overlaps(key, [*created, *on_insert]):
            missing.append(name)
    if missing:
        raise ValidationError(
            errors={
                name: [
                    "An upsert may insert a document without this required field: set it in the filter, "
                    f"the update or set_on_insert__{name}."
                ]
                for name in missing
            }
        )
    if cls._meta.allow_inheritance and not _overlaps("_cls", taken):
        on_insert["_cls"] = cls._class_name
    if on_insert:
        update["$setOnInsert"] = on_insert
    return update


def equalities(query: dict[str, Any]) -> dict[str, Any]:
    """The ``path: value`` equality conditions of a filter (top level and inside ``$and``), the ones an
    upsert makes fields of the document it inserts."""
    found: dict[str, Any] = {}
    for key, condition in query.items():
        if key == "$and":
            for part in condition:
                found.update(equalities(part))
        elif key.startswith("$"):
            continue
        elif isinstance(condition, dict) and condition and all(str(op).startswith("$") for op in condition):
            if set(condition) == {"$eq"}:
                found[key] = condition["$eq"]
        elif not isinstance(condition, (re.Pattern, Regex)):
            found[key] = condition
    return found


def _overlaps(path: str, paths: list[str]) -> bool:
    """True when ``path`` is one of ``paths``, inside one, or holds one (MongoDB refuses such pairs in one
    update)."""
    return any(
        path == other or other.startswith(path + ".") or path.startswith(other + ".") for other in paths
    )


def _inserted_value(cls: type[BaseDocument], path: str, value: Any) -> Any:
    """What the equality ``path: value`` stores in an inserted document: a list field compared with one
    item holds a list of it; a condition on the items of a list cannot become a value."""
    current = cls
    keys = path.split(".")
    for position, key in enumerate(keys, 1):
        field = next((f for f in current._fields.values() if f.db_key == key), None)
        if isinstance(field, ListField):
            if position < len(keys):
                raise ValidationError(
                    errors={path: ["An upsert cannot build a list from a condition on its items."]}
                )
            return value if isinstance(value, list) else [value]
        if not isinstance(field, EmbeddedDocumentField):
            return value
        current = field.document_type
    return value


def _default(cls: type[BaseDocument], name: str, field: BaseField[Any]) -> Any:
    """The stored form of the declared default (a factory is called) of field ``name``, or None."""
    info = cls.model_fields.get(name)
    if info is None or info.is_required():
        return None
    value = info.get_default(call_default_factory=True, validated_data={})
    return None if value is None else field.to_stored(value)
