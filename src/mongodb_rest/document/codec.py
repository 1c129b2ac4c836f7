"""Document <-> BSON conversion: the plans each class compiles once, and the functions that run them."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Collection
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from ..fields.base import UNREAD_LIST, FieldAccess, LoadedNames
from ..fields.containers import copy_plain, read_plain
from . import undeclared
from .privates import loaded_defaults, set_private

if TYPE_CHECKING:
    from .base import BaseDocument


class WriteStep(NamedTuple):
    name: str
    key: str
    encode: Callable[[Any], Any] | None
    null: bool  # None is written as null (the key is left out otherwise)


class ReadStep(NamedTuple):
    key: str
    name: str
    decode: Callable[[Any], Any] | None
    default: Callable[[], Any] | None  # None: the default is None


def _default_getter(cls: type[BaseDocument], name: str) -> Callable[[], Any] | None:
    info = cls.model_fields[name]
    if info.default_factory is not None:
        return info.default_factory  # type: ignore[return-value]
    default = info.default
    if default is None or default is PydanticUndefined:
        return None
    if isinstance(default, (str, int, float, bool, bytes, tuple, frozenset)):
        return lambda: default
    return lambda: info.get_default(call_default_factory=True)


def compile_plans(cls: type[BaseDocument]) -> tuple[tuple[WriteStep, ...], tuple[ReadStep, ...]]:
    """The steps that write and read each field of ``cls``."""
    write = []
    read = []
    for name, field in cls._fields.items():
        key = field.db_key
        write.append(WriteStep(name, key, field.to_mongo if field.encodes else None, field.null))
        read.append(ReadStep(key, name, field.decoder(), _default_getter(cls, name)))
    return tuple(write), tuple(read)


def compile_writer(cls: type[BaseDocument]) -> Callable[[BaseDocument], dict[str, Any]]:
    """Generate ``to_mongo()`` for ``cls``: the BSON-ready dict of an instance, with stored keys,
    converted values, None values left out (stored as null for ``null=True`` fields), ``_cls`` when the
    class allows inheritance, and after the declared keys a dynamic document's undeclared fields, or
    the undeclared stored keys an embedded document was read with (``document.undeclared``).
    Mutable values are copied, so the result never shares a list or dict with the document.

    One statement per field, as readers are generated: no loop over the plan, no lookup per step."""
    namespace: dict[str, Any] = {"copy_plain": copy_plain, "class_name": cls._class_name}
    lines = ["def write(doc):", "    values = doc.__dict__", "    data = {}"]
    for index, (name, key, encode, null) in enumerate(cls._write_plan):
        value = "value" if encode is None else f"encode{index}(value)"
        if encode is not None:
            namespace[f"encode{index}"] = encode
        lines += [f"    value = values.get({name!r})", f"    if value is not None: data[{key!r}] = {value}"]
        if null:
            lines.append(f"    else: data[{key!r}] = None")
    if cls._meta.allow_inheritance:
        lines.append("    data['_cls'] = class_name")
    lines += [
        "    extra = doc.__pydantic_extra__",
        "    if extra:  # a dynamic document's undeclared fields",
        "        for key, value in extra.items():",
        "            if value is not None: data[key] = copy_plain(value)",
    ]
    if _keeps_undeclared(cls):
        lines += [
            "    private = doc.__pydantic_private__",
            f"    stored = None if private is None else private.get({undeclared.KEY!r})",
            "    if stored:  # read with keys its class does not declare",
            "        for key, value in stored.items(): data[key] = copy_plain(value)",
        ]
    lines.append("    return data")
    exec("\n".join(lines), namespace)
    writer: Callable[[BaseDocument], dict[str, Any]] = namespace["write"]
    return writer


def to_mongo(doc: BaseDocument, names: Collection[str] | None = None) -> dict[str, Any]:
    """The BSON-ready dict of ``doc`` (its class's generated writer). With ``names``, only those fields'
    keys (with ``_cls`` and a dynamic document's undeclared fields): what a save of a loaded document
    compares. Mutable values are copied, so the result never shares a list or dict with the document.
    """
    cls = type(doc)
    if names is None:
        return cls._writer(doc)
    values = doc.__dict__
    data: dict[str, Any] = {}
    for name, key, encode, null in cls._write_plan:
        if name in names:
            value = values.get(name)
            if value is not None:
                data[key] = value if encode is None else encode(value)
            elif null:
                data[key] = None
    if cls._meta.allow_inheritance:
        data["_cls"] = cls._class_name
    extra = doc.__pydantic_extra__
    if extra:  # a dynamic document's undeclared fields
        for key, value in extra.items():
            if value is not None:
                data[key] = copy_plain(value)
    return data


def is_dynamic(cls: type[BaseDocument]) -> bool:
    """True for documents that keep undeclared fields (DynamicDocument, DynamicEmbeddedDocument)."""
    return cls.model_config.get("extra") == "allow"


def undeclared_keys(cls: type[BaseDocument], *stored: dict[str, Any]) -> list[str]:
    """The keys of ``stored`` documents that no field of ``cls`` declares (a dynamic document's own)."""
    declared = {step.key for step in cls._write_plan} | {"_cls"}
    return list(dict.fromkeys(key for data in stored for key in data if key not in declared))


_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_MISSING: Any = object()


def from_mongo[D: BaseDocument](cls: type[D], data: dict[str, Any]) -> D:
    """A ``cls`` instance (or the subclass ``data['_cls']`` names) built from trusted stored data.

    No validation runs: stored data was validated when written. ``data`` is kept as the snapshot that
    ``save()`` diffs against, and never shared with the instance's values.
    """
    stored_class = data.get("_cls")
    if stored_class is not None and stored_class != cls._class_name:
        cls = cls._subclass_for(stored_class)
    document: D = cls._reader(data)
    return document


def reader_for[D: BaseDocument](cls: type[D]) -> Callable[[dict[str, Any]], D]:
    """The fastest way to read ``cls``: its generated reader, unless subclasses may be stored with it."""
    if cls._meta.allow_inheritance:
        return lambda data: from_mongo(cls, data)
    return cls._reader


def _keeps_undeclared(cls: type[BaseDocument]) -> bool:
    """True for embedded document classes, which remember the stored keys they do not declare (a
    top-level document's stay stored: saving a loaded one writes only changed fields)."""
    return cls._embedded and not is_dynamic(cls)


def _undeclared_reader(cls: type[BaseDocument]) -> Callable[[dict[str, Any]], dict[str, Any]] | None:
    """For a dynamic document class, the function reading its undeclared fields (None otherwise)."""
    if not is_dynamic(cls):
        return None
    declared = frozenset(step.key for step in cls._read_plan) | {"_cls"}
    module = cls.__module__

    def read(data: dict[str, Any]) -> dict[str, Any]:
        return {key: read_plain(value, module) for key, value in data.items() if key not in declared}

    return read


def compile_reader[D: BaseDocument](
    cls: type[D], loaded: frozenset[str] | None = None, stored: frozenset[str] | None = None
) -> Callable[[dict[str, Any]], D]:
    """Generate the function that builds ``cls`` instances from stored data, one expression per field.

    Reads are the hot path: a generated function avoids a loop over the plan and a lookup per step, and
    takes what it uses as arguments (local variables). Stored data holding every key read (the usual
    case; ``_cls``, a version or undeclared keys beside them are left to their own readers) is read by
    subscripts in one dict display; data missing keys by ``get`` with each field's default. With
    ``loaded`` (the fields a partial load fills), the documents are marked partial (``save()`` writes
    only those or assigned ones); ``stored``: the only keys such data can hold (the other fields take
    their defaults without a lookup). An embedded document remembers the stored keys its class does
    not declare (``document.undeclared``), looked for only when the data holds more keys than it reads.
    """
    namespace: dict[str, Any] = {
        "MISSING": _MISSING,
        "new": cls.__new__,
        "cls": cls,
        "set_dict": _set_dict,
        "set_fields_set": _set_fields_set,
        "set_extra": _set_extra,
        "set_private": set_private,
        "fields_set": cls._all_fields_set,  # holds every name: Pydantic only ever adds names to it
        "undeclared": _undeclared_reader(cls),
        "unread_list": UNREAD_LIST,
    }
    body = []  # the statements of the general path
    general = []  # its items of the values dict
    exact = []  # the items of the values dict read from data holding every key read
    for index, step in enumerate(cls._read_plan):
        var = f"v{index}"
        missing = "None" if step.default is None else f"default{index}()"
        if stored is not None and step.key not in stored:
            if step.default is list and type(inspect.getattr_static(cls, step.name, None)) is FieldAccess:
                missing = "unread_list"  # one for every document, until the field is read
            elif step.default is not None:
                namespace[f"default{index}"] = step.default
            general.append(f"{step.name!r}: {missing}")
            exact.append(f"{step.name!r}: {missing}")
            continue
        if step.default is not None:
            namespace[f"default{index}"] = step.default
        if step.decode is not None:
            namespace[f"decode{index}"] = step.decode
        if step.decode is None:
            exact.append(f"{step.name!r}: data[{step.key!r}]")
        else:
            decoded = f"None if ({var} := data[{step.key!r}]) is None else decode{index}({var})"
            exact.append(f"{step.name!r}: {decoded}")
        if step.decode is None and step.default is None:
            general.append(f"{step.name!r}: get({step.key!r})")
            continue
        body.append(f"{var} = get({step.key!r}, MISSING)")
        body.append(f"if {var} is MISSING: {var} = {missing}")
        if step.decode is not None:
            body.append(f"elif {var} is not None: {var} = decode{index}({var})")
        general.append(f"{step.name!r}: {var}")
    read_keys = sum(1 for step in cls._read_plan if stored is None or step.key in stored)
    own = []  # the items of the private attributes the class declares beyond the library's own
    for index, (name, (value, make)) in enumerate(loaded_defaults(cls).items()):
        namespace[f"private{index}"] = value if make is None else make
        own.append(f"{name!r}: private{index}" if make is None else f"{name!r}: private{index}(values)")
    defaults = f"{{{', '.join(own)}}}" if own else "None"
    state = ["'_snapshot': data", f"'_partial': {loaded is not None}", *own]
    private = defaults if cls._embedded else f"{{{', '.join(state)}}}"
    if loaded is not None:  # shared until a field is assigned (``fields.base.own_fields_set``)
        namespace["fields_set"] = LoadedNames(loaded & cls._field_names)
    exact_private: list[str] = []  # the statements setting ``private`` on each path, when it varies
    general_private: list[str] = []
    if _keeps_undeclared(cls) and loaded is None:
        declared = frozenset(step.key for step in cls._read_plan) | {"_cls"}
        namespace["kept"] = undeclared.private_reader(declared)
        exact_private = [f"private = {defaults} if len(data) == {read_keys} else kept(data, {defaults})"]
        general_private = [f"private = kept(data, {defaults})"]
        private = "private"
    arguments = ", ".join(f"{name}={name}" for name in namespace)
    lines = [
        f"def values_of(data, {arguments}):",
        *(f"    {line}" for line in ["get = data.get", *body, f"return {{{', '.join(general)}}}"]),
        f"def read(data, values_of=values_of, {arguments}):",
        f"    if len(data) >= {read_keys}:",  # fewer keys: some are missing, no need to try
        "        try:",
        f"            values = {{{', '.join(exact)}}}",
        *(f"            {line}" for line in exact_private),
        "        except KeyError:",
        "            values = values_of(data)",
        *(f"            {line}" for line in general_private),
        "    else:",
        "        values = values_of(data)",
        *(f"        {line}" for line in general_private),
        "    doc = new(cls)",
        "    set_dict(doc, values)",
        "    set_fields_set(doc, fields_set)",
        f"    set_extra(doc, {'None' if namespace['undeclared'] is None else 'undeclared(data)'})",
        f"    set_private(doc, {private})",
        "    return doc",
    ]
    exec("\n".join(lines), namespace)
    reader: Callable[[dict[str, Any]], D] = namespace["read"]
    return reader


@lru_cache(maxsize=256)
def partial_reader(
    cls: type[BaseDocument], loaded: frozenset[str], stored: frozenset[str] | None
) -> Callable[[dict[str, Any]], Any]:
    """The reader of documents of ``cls`` loaded in part (see ``compile_reader``), compiled once per
    class and projection."""
    return compile_reader(cls, loaded, stored)
