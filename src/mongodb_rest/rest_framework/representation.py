"""Serializer output compiled once per serializer class and field set: a getter and a converter per field.

DRF's ``Serializer.to_representation`` walks the readable fields again for every instance and reads each
through ``get_attribute`` (a loop over ``source_attrs``, a Mapping check, a callable check). A document
serializer's output is instead produced by a function generated once per serializer class and field set,
one statement per field, with the same result:

- a field built from a document field by the library's mapping (not declared on the serializer), with one
  ``source`` attribute and DRF's own ``get_attribute``, is read as a plain attribute;
- its converter is the builtin that DRF's own ``to_representation`` amounts to (``str``, ``int``,
  ``float``, a bool shown as itself) or the field's own ``to_representation`` (a nested document
  serializer's is its own compiled function);
- any other field (declared ones, dotted or ``'*'`` sources, SerializerMethodFields, fields with their own
  ``get_attribute``) is read by its ``get_attribute`` and shown by its ``to_representation``, as DRF does.

An instance that is no document declaring those fields, or a plain attribute that cannot be read, is
shown by DRF's own walk.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Mapping
from functools import cache, lru_cache, partial
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from ..document.base import BaseDocument
from . import fields as api_fields

type Represent = Callable[[Any], Any]

ABSENT = (AttributeError, KeyError, ObjectDoesNotExist)  # what DRF's get_attribute answers itself
SKIP = object()  # a field whose get_attribute raised SkipField: no key in the output
CONVERTERS: dict[Callable[..., Any], str] = {  # DRF's and the library's to_representation -> a builtin
    serializers.CharField.to_representation: "str",
    serializers.IntegerField.to_representation: "int",
    serializers.FloatField.to_representation: "float",
    serializers.BooleanField.to_representation: "bool",  # True and False are shown as themselves
    api_fields.ObjectIdField.to_representation: "str",
}
BUILTINS = frozenset({"str", "int", "float"})  # converters called by name in the generated code
PLAIN_GETTERS = frozenset({serializers.Field.get_attribute, api_fields.ObjectIdField.get_attribute})

type Step = tuple[str, str | None, str]  # field name, attribute read directly (or None), converter kind


def compile_representation(serializer: serializers.Serializer[Any]) -> Represent:
    """The function showing an instance as ``serializer`` does (DRF's ``Serializer.to_representation``),
    generated once per serializer class and field set and bound to ``serializer``'s fields."""
    fields = list(serializer._readable_fields)
    steps = tuple(_step(serializer, field) for field in fields)
    arguments: dict[str, Any] = {"drf": partial(serializers.Serializer.to_representation, serializer)}
    for index, (field, (_, attribute, kind)) in enumerate(zip(fields, steps, strict=True)):
        if attribute is None:
            arguments[f"f{index}"] = field
        if kind not in BUILTINS:  # a nested serializer compiles its own when first called: types may recurse
            arguments[f"c{index}"] = field.to_representation
    bind: Callable[..., Represent] = _generated(type(serializer).__name__, steps)
    return bind(**arguments)


def _step(serializer: serializers.Serializer[Any], field: serializers.Field) -> Step:
    declared = field.field_name in serializer._declared_fields
    plain = type(field).get_attribute in PLAIN_GETTERS and len(field.source_attrs) == 1
    attribute = field.source_attrs[0] if plain and not declared else None
    return field.field_name, attribute, CONVERTERS.get(type(field).to_representation, "call")


@cache
def by_attribute(cls: type[Any], names: frozenset[str]) -> bool:
    """True when ``names`` of ``cls`` instances are plain attributes as DRF reads them: ``cls`` is a
    document (not a Mapping, so DRF uses ``getattr``) declaring each as a field (so no value is a method
    DRF would call)."""
    return issubclass(cls, BaseDocument) and not issubclass(cls, Mapping) and names <= cls._fields.keys()


def read(field: serializers.Field, instance: Any) -> Any:
    """``field.get_attribute(instance)`` as DRF's walk takes it: SKIP for SkipField, None for a
    PKOnlyObject without a key."""
    try:
        value = field.get_attribute(instance)
    except SkipField:
        return SKIP
    if isinstance(value, PKOnlyObject) and value.pk is None:
        return None
    return value


@lru_cache(maxsize=512)
def _generated(serializer_name: str, steps: tuple[Step, ...]) -> Callable[..., Represent]:
    """The factory of the ``represent_<serializer class>()`` of ``steps``, one per serializer class (by
    name) and field set; it takes DRF's walk (``drf``), the fields read by their ``get_attribute``
    (``f<i>``) and the converters that are no builtin (``c<i>``)."""
    parameters = ["drf"]
    reads, shown = [], {}  # the attributes read, and each one's shown value
    for i, (_, attribute, kind) in enumerate(steps):
        parameters += [f"f{i}"] if attribute is None else []
        parameters += [] if kind in BUILTINS else [f"c{i}"]
        if attribute is not None:
            reads.append(f"v{i} = {_access(attribute)}")
            shown[i] = f"None if v{i} is None else {_converted(i, kind)}"
    body = ["if not by_attribute(instance.__class__, names):", "    return drf(instance)"]
    if reads:
        body += ["try:", *(f"    {line}" for line in reads), "except ABSENT:", "    return drf(instance)"]
    if len(reads) == len(steps):  # every value is read as an attribute: one dict display
        body.append(
            f"return {{{', '.join(f'{name!r}: {shown[i]}' for i, (name, _, _) in enumerate(steps))}}}"
        )
    else:
        body.append("r = {}")
        for i, (name, _, kind) in enumerate(steps):
            if i in shown:
                body.append(f"r[{name!r}] = {shown[i]}")
                continue
            body += [
                f"v{i} = read(f{i}, instance)",
                f"if v{i} is None:",
                f"    r[{name!r}] = None",
                f"elif v{i} is not SKIP:",
                f"    r[{name!r}] = {_converted(i, kind)}",
            ]
        body.append("return r")
    function = "represent_" + re.sub(r"\W", "_", serializer_name)
    lines = [
        f"def bind({', '.join(parameters)}):",
        f"    def {function}(instance):",
        *(f"        {line}" for line in body),
        f"    return {function}",
    ]
    namespace: dict[str, Any] = {
        "by_attribute": by_attribute,
        "names": frozenset(attribute for _, attribute, _ in steps if attribute is not None),
        "read": read,
        "ABSENT": ABSENT,
        "SKIP": SKIP,
    }
    exec("\n".join(lines), namespace)
    factory: Callable[..., Represent] = namespace["bind"]
    return factory


def _access(attribute: str) -> str:
    if attribute.isidentifier() and not keyword.iskeyword(attribute):
        return f"instance.{attribute}"
    return f"getattr(instance, {attribute!r})"


def _converted(index: int, kind: str) -> str:
    if kind in BUILTINS:
        return f"{kind}(v{index})"
    if kind == "bool":
        return f"v{index} if v{index}.__class__ is bool else c{index}(v{index})"
    return f"c{index}(v{index})"
