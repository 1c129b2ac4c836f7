"""MapField: a dict with string keys whose every value is validated and stored by one field."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .base import BaseField
from .containers import DictField


class MapField(DictField):
    """``MapField(IntField())``: a dict whose values ``field`` validates, stores and reads back."""

    kind = replace(DictField.kind, name="map")

    def __init__(self, field: BaseField[Any], **options: Any) -> None:
        if not isinstance(field, BaseField):
            raise TypeError(f"MapField takes a field (MapField(StringField())), not {field!r}.")
        super().__init__(field, **options)
