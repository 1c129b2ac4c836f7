"""DynamicField and the values of undeclared fields: any BSON value, embedded documents included."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator

from .base import BaseField
from .containers import check_keys, copy_plain, read_plain

DynamicValue = Annotated[Any, AfterValidator(check_keys)]
"""A value of any type (dict keys checked as DictField checks them)."""


def undeclared_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be an undeclared field of a dynamic document, None when it can: MongoDB
    cannot store it (empty, a '$' prefix, a '.' or a NUL) or it is reserved (a '_' prefix, as
    ``_id``, ``_cls`` and private attributes have)."""
    if not name or name[0] in "_$" or "." in name or "\x00" in name:
        return (
            f"{name[:64]!r} is not a field name: it must be non-empty, start with no '_' or '$' "
            "and hold no '.' or NUL."
        )
    return None


def check_undeclared_name(name: str) -> str:
    """``name``, when it can be an undeclared field of a dynamic document; else ValueError saying why."""
    problem = undeclared_name_problem(name)
    if problem is not None:
        raise ValueError(problem)
    return name


UndeclaredName = Annotated[str, AfterValidator(check_undeclared_name)]
"""The name of a dynamic document's undeclared field (see ``undeclared_name_problem``)."""


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
