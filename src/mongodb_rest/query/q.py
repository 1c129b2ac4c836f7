"""Q: composable query conditions (``Q(age__lt=18) | Q(age__gt=65)``, ``~Q(active=False)``)."""

from __future__ import annotations

from typing import Any, Self


class Q:
    """A tree of keyword lookups joined by AND or OR, optionally negated."""

    AND = "AND"
    OR = "OR"

    __slots__ = ("children", "connector", "negated")

    def __init__(self, *children: Q, **lookups: Any) -> None:
        self.children: list[Q | tuple[str, Any]] = [*children, *sorted(lookups.items())]
        self.connector = Q.AND
        self.negated = False

    @classmethod
    def _node(cls, children: list[Q | tuple[str, Any]], connector: str, negated: bool = False) -> Self:
        node = cls()
        node.children, node.connector, node.negated = children, connector, negated
        return node

    def _combine(self, other: object, connector: str) -> Q:
        if not isinstance(other, Q):
            raise TypeError(f"Cannot combine a Q with {type(other).__name__}.")
        if not other:
            return self
        if not self:
            return other
        return Q._node([*self._operands(connector), *other._operands(connector)], connector)

    def _operands(self, connector: str) -> list[Q | tuple[str, Any]]:
        """What this node adds to a ``connector`` node: its children when it is one (so chained
        ``&``/``|`` stay one flat node, however many terms), else itself."""
        if self.connector == connector and not self.negated:
            return self.children
        return [self]

    def __and__(self, other: object) -> Q:
        return self._combine(other, Q.AND)

    def __or__(self, other: object) -> Q:
        return self._combine(other, Q.OR)

    def __invert__(self) -> Q:
        return Q._node([self], Q.AND, negated=True)

    def __bool__(self) -> bool:
        return bool(self.children)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Q):
            return NotImplemented
        return (self.children, self.connector, self.negated) == (
            other.children,
            other.connector,
            other.negated,
        )

    def __hash__(self) -> int:
        return hash((self.connector, self.negated, repr(self.children)))

    def __repr__(self) -> str:
        inner = f" {self.connector} ".join(repr(child) for child in self.children)
        return f"<Q: {'NOT ' if self.negated else ''}({inner})>"
