"""EnumField: a Python ``enum.Enum`` member, stored as its value."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

from .base import BaseField
from .kinds import FieldKind


class EnumField[E: Enum](BaseField[E]):
    """A member of ``enum`` (its value is accepted too), stored as the member's value.

    ``choices`` narrows the members allowed (all of them when omitted); filters take members or values.
    """

    kind = FieldKind("enum")
    immutable = True
    encodes = True
    decodes = True

    def __init__(self, enum: type[E], *, choices: Iterable[E] | None = None, **options: Any) -> None:
        if not (isinstance(enum, type) and issubclass(enum, Enum)):
            raise TypeError(f"EnumField takes an Enum class, not {enum!r}.")
        self.enum = enum
        members = list(enum) if choices is None else [enum(choice) for choice in choices]
        super().__init__(choices=[(member.value, _label(member)) for member in members], **options)
        self.python_type = enum
        self.members = frozenset(members)

    def is_choice(self, value: Any) -> bool:
        return value in self.members

    def to_mongo(self, value: Any) -> Any:
        return value.value if isinstance(value, Enum) else value

    def to_python(self, value: Any) -> Any:
        try:
            return self.enum(value)
        except ValueError:
            return value  # a stored value the enum no longer has stays readable


def _label(member: Enum) -> str:
    return member.name.replace("_", " ").capitalize()
