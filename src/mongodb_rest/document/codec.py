"""Document <-> BSON conversion: the plans each class compiles once, and the functions that run them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .base import BaseDocument


class WriteStep(NamedTuple):
    name: str
    key: str
    encode: Callable[[Any], Any] | None


class ReadStep(NamedTuple):
    key: str
    name: str
    decode: Callable[[Any], Any] | None
    default: Callable[[], Any]


def _default_getter(cls: type[BaseDocument], name: str) -> Callable[[], Any]:
    info = cls.model_fields[name]
    if info.default_factory is not None:
        return info.default_factory  # type: ignore[return-value]
    default = info.default
    if default is None or isinstance(default, (str, int, float, bool, bytes, tuple, frozenset)):
        return lambda: default
    return lambda: info.get_default(call_default_factory=True)


def compile_plans(cls: type[BaseDocument]) -> tuple[tuple[WriteStep, ...], tuple[ReadStep, ...]]:
    """The steps that write and read each field of ``cls``."""
    write = []
    read = []
    for name, field in cls._fields.items():
        key = field.db_key
        write.append(WriteStep(name, key, field.to_mongo if field.encodes else None))
        read.append(
            ReadStep(key, name, field.to_python if field.decodes else None, _default_getter(cls, name))
        )
    return tuple(write), tuple(read)


def to_mongo(doc: BaseDocument) -> dict[str, Any]:
    """The BSON-ready dict of ``doc``: stored keys, converted values, None values left out.

    Mutable values are copied, so the result never shares a list or dict with the document.
    """
    cls = type(doc)
    values = doc.__dict__
    data: dict[str, Any] = {}
    for name, key, encode in cls._write_plan:
        value = values.get(name)
        if value is not None:
            data[key] = value if encode is None else encode(value)
    if cls._meta.allow_inheritance and not cls._embedded:
        data["_cls"] = cls._class_name
    return data


def from_mongo[D: BaseDocument](cls: type[D], data: dict[str, Any]) -> D:
    """A ``cls`` instance (or the subclass ``data['_cls']`` names) built from trusted stored data.

    No validation runs: stored data was validated when written. ``data`` is kept as the snapshot that
    ``save()`` diffs against, and never shared with the instance's values.
    """
    stored_class = data.get("_cls")
    if stored_class is not None and stored_class != cls._class_name:
        cls = cls._subclass_for(stored_class)
    values: dict[str, Any] = {}
    for key, name, decode, default in cls._read_plan:
        if key in data:
            value = data[key]
            values[name] = value if decode is None or value is None else decode(value)
        else:
            values[name] = default()
    doc = cls.__new__(cls)
    object.__setattr__(doc, "__dict__", values)
    object.__setattr__(doc, "__pydantic_fields_set__", set(cls._field_names))
    object.__setattr__(doc, "__pydantic_extra__", None)
    object.__setattr__(doc, "__pydantic_private__", {"_snapshot": None if cls._embedded else data})
    return doc
