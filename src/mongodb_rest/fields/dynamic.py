"""DynamicField and the values of undeclared fields: any BSON value, embedded documents included."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator

from .base import BaseField
from .containers import check_keys, copy_plain, read_plain

DynamicValue = Annotated[Any, AfterValidator(check_keys)]
"""A value of any type (dict keys checked as DictField checks them)."""


class DynamicField(BaseField[Any]):
    """A field of any type: scalars, lists, dicts and embedded documents (stored with their ``_cls``)."""

    encodes = True
    decodes = True

    def base_annotation(self) -> Any:
        return DynamicValue

    query_annotation = base_annotation

    def to_mongo(self, value: Any) -> Any:
        return copy_plain(value)

    def to_python(self, value: Any) -> Any:
        return read_plain(value, self.owner_module)
