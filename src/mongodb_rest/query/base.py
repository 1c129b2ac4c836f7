"""BaseQuerySet: the chainable, immutable part of a QuerySet that both faces share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeVar, overload

from ..errors import OperationError
from .q import Q
from .state import FindPlan, QueryState

if TYPE_CHECKING:
    from ..document.base import TopLevelDocument

D = TypeVar("D", bound="TopLevelDocument")


class BaseQuerySet[D: "TopLevelDocument"]:
    """Lazy and chainable: every method returns a new QuerySet; nothing is sent until it is evaluated."""

    __slots__ = ("_document", "_state")

    def __init__(self, document: type[D], state: QueryState | None = None) -> None:
        self._document = document
        self._state = state if state is not None else QueryState(document)

    @property
    def model(self) -> type[D]:
        """The document class (Django's ``QuerySet.model``)."""
        return self._document

    @property
    def query(self) -> FindPlan:
        """The compiled find this QuerySet sends: filter, sort, skip, limit."""
        return self._state.plan()

    def _chain(self, state: QueryState) -> Self:
        return type(self)(self._document, state)

    def all(self) -> Self:
        """A copy of this QuerySet."""
        return self._chain(self._state)

    def filter(self, *conditions: Q, **lookups: Any) -> Self:
        """Documents matching every condition (``age__gte=18``, ``Q(...) | Q(...)``)."""
        return self._chain(self._state.filtered(_q(conditions, lookups)))

    def exclude(self, *conditions: Q, **lookups: Any) -> Self:
        """Documents matching none of the conditions taken together."""
        q = _q(conditions, lookups)
        return self._chain(self._state.filtered(~q)) if q else self.all()

    def order_by(self, *keys: str) -> Self:
        """Sorted by ``keys`` (``'-created_at'`` descending); no keys clears any ordering."""
        return self._chain(self._state.ordered(keys))

    def skip(self, count: int) -> Self:
        """Skip the first ``count`` documents."""
        return self._chain(self._state.sliced(offset=_natural(count, "skip")))

    def limit(self, count: int) -> Self:
        """At most ``count`` documents."""
        return self._chain(self._state.sliced(limit=_natural(count, "limit")))

    @overload
    def __getitem__(self, key: slice) -> Self: ...

    @overload
    def __getitem__(self, key: int) -> Any: ...

    def __getitem__(self, key: slice | int) -> Any:
        if isinstance(key, slice):
            if key.step not in (None, 1):
                raise ValueError("QuerySet slices do not support steps.")
            start = _natural(key.start or 0, "slice start")
            if key.stop is None:
                return self._chain(self._state.sliced(offset=start))
            return self._chain(
                self._state.sliced(offset=start, limit=max(_natural(key.stop, "slice stop") - start, 0))
            )
        raise TypeError(f"QuerySet indices must be slices here, not {type(key).__name__}.")

    def _bulk_state(self, action: str) -> QueryState:
        if self._state.offset or self._state.limit is not None:
            raise OperationError(f"Cannot {action} a QuerySet once it has been sliced or limited.")
        return self._state

    def __iter__(self) -> Any:
        raise TypeError(
            "This QuerySet belongs to the async face: iterate it with `async for`, "
            "or use Model.sync.objects for a plain `for` loop."
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._document.__name__}: {self._state.plan().find_args()}>"


def _q(conditions: tuple[Q, ...], lookups: dict[str, Any]) -> Q:
    q = Q(**lookups)
    for condition in conditions:
        if not isinstance(condition, Q):
            raise TypeError(f"filter() takes Q objects and keyword lookups, not {type(condition).__name__}.")
        q = q & condition
    return q


def _natural(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{what} takes a non-negative integer, not {value!r}.")
    return value
