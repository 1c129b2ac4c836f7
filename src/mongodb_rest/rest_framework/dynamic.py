"""A dynamic document's undeclared fields over DRF: shown after the declared ones, written as JSON values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework.exceptions import ValidationError as DRFValidationError

from ..document.base import json_ready
from ..document.codec import is_dynamic
from ..fields.base import fits_int64
from ..fields.dynamic import undeclared_name_problem
from .parsers import depth_limit
from .representation import Represent

SCALARS = (str, int, float, bool, type(None))


def shows_undeclared(serializer: Any) -> bool:
    """True when ``serializer`` shows and writes its document's undeclared fields: the document is
    dynamic and ``Meta.fields`` is ``"__all__"`` (the default)."""
    meta = serializer.Meta
    return is_dynamic(meta.model) and getattr(meta, "fields", "__all__") == "__all__"


def with_undeclared(represent: Represent, excluded: frozenset[str]) -> Represent:
    """``represent`` followed by the instance's undeclared fields that hold a value (as JSON), but for
    the ``excluded`` names."""

    def show(instance: Any) -> Any:
        shown = represent(instance)
        return add_undeclared(shown, instance, excluded)

    return show


def add_undeclared(shown: Any, instance: Any, excluded: frozenset[str]) -> Any:
    """``shown`` with ``instance``'s undeclared fields that hold a value added after the declared ones."""
    for name, value in (getattr(instance, "__pydantic_extra__", None) or {}).items():
        if value is not None and name not in excluded and name not in shown:
            shown[name] = json_ready(value)
    return shown


def undeclared_values(data: Mapping[str, Any], names: list[str]) -> dict[str, Any]:
    """The values ``data`` gives undeclared fields ``names``; a 400 for a reserved or unstorable name
    and for a value that is no JSON value MongoDB stores (too deep, an integer beyond 64 bits)."""
    limit = depth_limit()
    errors: dict[str, list[str]] = {}
    for name in names:
        problem = undeclared_name_problem(name) or _value_problem(data[name], limit)
        if problem is not None:
            errors[name[:64]] = [problem]
    if errors:
        raise DRFValidationError(dict(list(errors.items())[:20]))
    return {name: data[name] for name in names}


def _value_problem(value: Any, limit: int) -> str | None:
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return f"Nested deeper than {limit} levels."
            items = item.values() if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in items)
        elif not isinstance(item, SCALARS):
            return f"Not a JSON value ({type(item).__name__})."
        elif isinstance(item, int) and not isinstance(item, bool) and not fits_int64(item):
            return "An integer beyond 64 bits cannot be stored."
    return None
