"""BaseQuerySet: the chainable, immutable part of a QuerySet that both faces share."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from ..awaitables import subject_of, sync_hint
from ..errors import OperationError
from .projection import Projection
from .q import Q
from .related import reference_field, reference_names
from .rows import Rows
from .state import FindPlan, QueryState

if TYPE_CHECKING:
    from ..document.base import TopLevelDocument

D = TypeVar("D", bound="TopLevelDocument")


class BaseQuerySet(Generic[D]):  # noqa: UP046 - a TypeVar shared with the faces' querysets
    """Lazy and chainable: every method returns a new QuerySet; nothing is sent until it is evaluated."""

    __slots__ = ("_document", "_result_cache", "_state")
    do_not_call_in_templates = True  # callable (``User.objects(name='x')``): templates iterate it as is

    def __init__(self, document: type[D], state: QueryState | None = None) -> None:
        self._document = document
        self._state = state if state is not None else QueryState(document)
        self._result_cache: list[Any] | None = None

    @property
    def model(self) -> type[D]:
        """The document class (Django's ``QuerySet.model``)."""
        return self._document

    @property
    def query(self) -> FindPlan:
        """The compiled find this QuerySet sends: filter, projection, sort, skip and limit
        (``.query.pipeline`` shows it as aggregation stages)."""
        return self._state.plan()

    def _chain(self, state: QueryState) -> Self:
        return type(self)(self._document, state)

    def all(self) -> Self:
        """A copy of this QuerySet (with no cached results)."""
        return self._chain(self._state)

    def filter(self, *conditions: Q, **lookups: Any) -> Self:
        """Documents matching every condition (``age__gte=18``, ``Q(...) | Q(...)``, and MongoEngine's
        ``__raw__={...}``, a raw MongoDB filter as ``raw()`` takes)."""
        return self._chain(self._filtered_state(conditions, lookups))

    def __call__(self, *conditions: Q, **lookups: Any) -> Self:
        """MongoEngine's ``User.objects(name='x', age__gte=3)``: the same as ``filter()``."""
        return self.filter(*conditions, **lookups)

    def _filtered_state(self, conditions: tuple[Q, ...], lookups: dict[str, Any]) -> QueryState:
        """This state AND ``filter()``'s arguments (``__raw__`` as a raw filter)."""
        if "__raw__" not in lookups:
            return self._state.filtered(conditions_q(conditions, lookups))
        lookups = dict(lookups)
        raw = lookups.pop("__raw__")
        return self._state.filtered(conditions_q(conditions, lookups)).with_raw(raw)

    def exclude(self, *conditions: Q | str, **lookups: Any) -> Self:
        """``exclude(name='x')``: documents not matching the conditions taken together.
        ``exclude('password', 'secret')``: load documents without these fields."""
        if conditions and all(isinstance(condition, str) for condition in conditions):
            if lookups:
                raise TypeError("exclude() takes field names or lookups, not both.")
            fields = tuple(str(condition) for condition in conditions)
            return self._chain(self._state.selecting(self._state.projection.excluding(fields)))
        q = conditions_q(conditions, lookups)  # type: ignore[arg-type]
        return self._chain(self._state.filtered(~q)) if q else self.all()

    def raw(self, query: dict[str, Any]) -> Self:
        """Documents also matching a raw MongoDB filter (``{'age': {'$gte': 18}}``)."""
        return self._chain(self._state.with_raw(query))

    def order_by(self, *keys: str) -> Self:
        """Sorted by ``keys`` (``'-created_at'`` descending); no keys clears any ordering."""
        return self._chain(self._state.ordered(keys))

    def skip(self, count: int) -> Self:
        """Skip the first ``count`` documents."""
        return self._chain(self._state.sliced(offset=_natural(count, "skip")))

    def limit(self, count: int) -> Self:
        """At most ``count`` documents."""
        return self._chain(self._state.sliced(limit=_natural(count, "limit")))

    def _slice(self, key: slice) -> Self:
        if key.step not in (None, 1):
            raise ValueError("QuerySet slices do not support steps.")
        start = _natural(key.start or 0, "slice start")
        if key.stop is None:
            return self._chain(self._state.sliced(offset=start))
        stop = _natural(key.stop, "slice stop")
        return self._chain(self._state.sliced(offset=start, limit=max(stop - start, 0)))

    def only(self, *fields: str) -> Self:
        """Load only these fields (and the id); saving such a document writes only what it loaded."""
        return self._chain(self._state.selecting(self._state.projection.including(fields)))

    def all_fields(self) -> Self:
        """Undo ``only()`` and field ``exclude()``: load whole documents."""
        return self._chain(self._state.changed(projection=Projection()))

    def values(self, *fields: str) -> BaseQuerySet[Any]:
        """Results as dicts of ``fields`` (all fields when none are named)."""
        return self._chain(self._state.as_rows(Rows(fields)))

    def values_list(self, *fields: str, flat: bool = False) -> BaseQuerySet[Any]:
        """Results as tuples of ``fields``; with ``flat=True`` and one field, the values themselves."""
        if flat and len(fields) != 1:
            raise TypeError("values_list(flat=True) takes exactly one field.")
        return self._chain(self._state.as_rows(Rows(fields, flat)))

    def scalar(self, *fields: str) -> BaseQuerySet[Any]:
        """MongoEngine's ``scalar()``: ``values_list()`` of ``fields``, bare values when there is one."""
        if not fields:
            raise TypeError("scalar() takes at least one field name.")
        return self.values_list(*fields, flat=len(fields) == 1)

    def select_related(self, *fields: str) -> Self:
        """Load the documents these reference fields point to, one query per field (all when none named)."""
        names = fields or reference_names(self._document)
        for name in names:
            reference_field(self._document, name)
        return self._chain(self._state.changed(related=names))

    def _bulk_state(self, action: str) -> QueryState:
        if self._state.offset or self._state.limit is not None:
            raise OperationError(f"Cannot {action} a QuerySet once it has been sliced or limited.")
        return self._state

    # The async face's answers; the sync face's QuerySet evaluates instead, as Django's does.
    def __iter__(self) -> Any:
        raise TypeError(_refusal(self, "iterated with `for`", "iterate it with `async for`"))

    def __bool__(self) -> bool:
        raise TypeError(_refusal(self, "truth-tested", "write `await qs.exists()`"))

    def __len__(self) -> int:
        raise TypeError(_refusal(self, "measured with len()", "write `await qs.count()`"))

    def __await__(self) -> Any:
        subject = subject_of(self)
        if self._document._face == "sync":
            raise TypeError(
                f"{subject} is a QuerySet of the sync face, which cannot be awaited: iterate it with `for`, "
                f"or use {self._document.__name__}.aio.objects... in async code."
            )
        raise TypeError(
            f"{subject} is a QuerySet, which cannot be awaited: write `[x async for x in qs]` for its "
            "documents, or await one of its methods (`await qs.first()`, `await qs.get(...)`, "
            "`await qs.count()`)."
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._document.__name__}: {self._state.plan().find_args()}>"


def _refusal(queryset: BaseQuerySet[Any], misuse: str, fix: str) -> str:
    return (
        f"{subject_of(queryset)} is a QuerySet of the async face, which cannot be {misuse} without a "
        f"query: {fix} in async code, or use {sync_hint(queryset)} in sync code."
    )


def conditions_q(conditions: tuple[Q, ...], lookups: dict[str, Any]) -> Q:
    """One Q of ``filter()``'s positional Q objects and keyword lookups."""
    q = Q(**lookups)
    for condition in conditions:
        q = q & _as_q(condition)
    return q


def _as_q(condition: object) -> Q:
    if isinstance(condition, Q):
        return condition
    models = sys.modules.get("django.db.models")  # a Django Q exists only once Django's ORM is loaded
    if models is not None and isinstance(condition, models.Q):
        return _from_django_q(condition)
    raise TypeError(f"filter() takes Q objects and keyword lookups, not {type(condition).__name__}.")


def _from_django_q(condition: Any) -> Q:
    """Django's ``models.Q`` (as DRF's SearchFilter builds them) as a document Q."""
    if condition.connector not in (Q.AND, Q.OR):
        raise TypeError(f"Q objects joined by {condition.connector} are not supported.")
    children: list[Q | tuple[str, Any]] = [
        (str(child[0]), child[1]) if isinstance(child, tuple) else _from_django_q(child)
        for child in condition.children
    ]
    return Q._node(children, condition.connector, condition.negated)


def _natural(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{what} takes a non-negative integer, not {value!r}.")
    return value
