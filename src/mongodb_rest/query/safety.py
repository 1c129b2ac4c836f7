"""Refusal of server-side JavaScript in raw filters and pipelines, unless settings allow it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bson.errors import BSONError

from ..errors import ValidationError

JAVASCRIPT_OPERATORS = frozenset({"$where", "$function", "$accumulator"})


def javascript_allowed() -> bool:
    """``settings.MONGODB_ALLOW_JAVASCRIPT`` when Django settings are configured; else False."""
    from django.conf import settings

    return bool(settings.configured and getattr(settings, "MONGODB_ALLOW_JAVASCRIPT", False))


def refuse_javascript(value: Any, where: str) -> None:
    """ValidationError when ``value`` uses ``$where``, ``$function`` or ``$accumulator`` at any depth,
    in any mapping (raw BSON documents are decoded to be looked into)."""
    if javascript_allowed():
        return
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            try:
                keys, values = list(item.keys()), list(item.values())
            except BSONError as exc:
                raise ValidationError(errors={where: [f"Malformed BSON: {exc}"]}) from None
            found = JAVASCRIPT_OPERATORS.intersection(keys)
            if found:
                raise ValidationError(
                    errors={
                        where: [
                            f"{sorted(found)[0]} runs JavaScript on the server and is not allowed "
                            "(set MONGODB_ALLOW_JAVASCRIPT = True to allow it)."
                        ]
                    }
                )
            stack.extend(values)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
