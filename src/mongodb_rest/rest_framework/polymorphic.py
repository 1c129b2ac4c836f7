"""Embedded documents of a class allowing inheritance over DRF: each value shown and read as its own
class, named by ``_cls`` as it is stored."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers

from ..errors import ValidationError
from .exceptions import as_api_exception

CLASS_KEY = "_cls"


class PolymorphicEmbeddedField(serializers.Field):
    """An embedded document whose declared class allows inheritance: shown as ``{"_cls": <class name>,
    ...}`` with its own class's fields; input names its class in ``_cls`` (the full stored name or the
    class's own name; the declared class when left out) and is validated as that class. ``serializers``
    maps each class name the field may hold to its document serializer class."""

    default_error_messages = {
        "invalid": "Expected an object.",
        "unknown_class": "'{value}' is not a class this field holds; expected one of: {allowed}.",
    }

    def __init__(self, serializers: Mapping[str, type[Any]], declared: str, **kwargs: Any) -> None:
        self.declared = declared
        self.children = {name: serializer_class() for name, serializer_class in serializers.items()}
        super().__init__(**kwargs)

    def bind(self, field_name: str, parent: Any) -> None:
        super().bind(field_name, parent)
        for child in self.children.values():
            child.bind(field_name, self)  # the children see the root's context and partial

    def to_representation(self, value: Any) -> dict[str, Any]:
        name = type(value)._class_name
        child = self.children.get(name) or self.children[self.declared]
        return {CLASS_KEY: name, **child.to_representation(value)}

    def class_name(self, named: Any) -> str | None:
        """The stored class name ``named`` (a stored name or a class's own) stands for, or None."""
        if named in self.children:
            return str(named)
        own = [name for name in self.children if name.rpartition(".")[2] == named]
        return own[0] if len(own) == 1 else None

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, Mapping):
            self.fail("invalid")
        named = data.get(CLASS_KEY, self.declared)
        name = self.class_name(named)
        if name is None:
            self.fail("unknown_class", value=str(named)[:64], allowed=", ".join(self.children))
            raise AssertionError  # fail() raises
        child = self.children[name]
        values = child.run_validation({key: value for key, value in data.items() if key != CLASS_KEY})
        try:
            return child.Meta.model(**values)
        except ValidationError as exc:
            raise as_api_exception(exc) from None
