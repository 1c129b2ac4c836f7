"""BaseQuerySet: the chainable, immutable part of a QuerySet that both faces share."""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from bson import json_util
from pymongo.read_concern import ReadConcern
from pymongo.read_preferences import _ServerMode

from ..document.base import BaseDocument
from ..document.codec import reader_for
from ..errors import OperationError, ValidationError
from ..fields.files import BaseFileProxy
from ..fields.references import reference_field, reference_names
from .lookups import compile_lookups
from .projection import Projection
from .q import Q
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
        self._state = state if state is not None else initial_state(document)
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

    def on_face(self, face: str) -> BaseQuerySet[D]:
        """A copy of this QuerySet (same filter, order, fields and slice, no cached results) on ``face``
        ('aio' or 'sync'): ``User.objects.filter(...).on_face("sync")`` runs it with blocking calls."""
        if self._document._face == face:
            return self.all()
        twin = self._document.twin(face)
        return twin.objects._chain(self._state._replace(document=twin))  # type: ignore[attr-defined,no-any-return]

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
            return self._state.filtered(conditions_q(conditions, lookups) if conditions else Q(**lookups))
        lookups = dict(lookups)
        raw = lookups.pop("__raw__")
        return self._state.filtered(conditions_q(conditions, lookups)).with_raw(raw)

    def _get_plan(self, conditions: tuple[Q, ...], lookups: dict[str, Any]) -> tuple[QueryState, FindPlan]:
        """The state and find of ``get(*conditions, **lookups)``: at most two documents (to tell
        MultipleObjectsReturned; even by id: a sharded collection, a time-series one or a view may hold
        the same ``_id`` twice). Keyword lookups on all the class's documents (``Model.objects.get(id=x)``)
        compile without a new state."""
        state = self._state
        if conditions or not lookups or "__raw__" in lookups or state is not initial_state(self._document):
            if conditions or lookups:
                state = self._filtered_state(conditions, lookups)
            return state, state.plan(limit=2)
        query = state.restricted(compile_lookups(self._document, lookups))
        return state, FindPlan(query, state.sort(), limit=2)

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

    def fields(self, **projection: Any) -> Self:
        """MongoEngine's field selection: ``fields(title=1)`` loads, ``fields(body=0)`` leaves out,
        ``fields(slice__comments=5)`` (or ``[skip, limit]``) and ``fields(elemMatch__comments={...})``
        load part of a list (such a list is not written back by ``save()`` unless assigned again)."""
        return self._chain(self._state.selecting(self._state.projection.choosing(projection)))

    def as_pymongo(self) -> Self:
        """Results as the stored dicts (``_id``, stored keys), not documents."""
        return self._chain(self._state.changed(pymongo=True))

    def none(self) -> Self:
        """A QuerySet that matches nothing: reads send nothing, writes change nothing."""
        return self._chain(self._state.changed(nothing=True))

    def clone(self) -> Self:
        """MongoEngine's name for ``all()``: a copy of this QuerySet."""
        return self.all()

    def no_cache(self) -> Self:
        """Iterating keeps no results: each iteration queries again."""
        return self._chain(self._state.changed(cache=False))

    def no_sub_classes(self) -> Self:
        """Only documents of this very class, none of its subclasses'."""
        return self._chain(self._state.changed(exact_class=True))

    def search_text(self, text: str, language: str | None = None) -> Self:
        """Documents matching a ``$text`` search (a text index is needed); ``order_by('$text_score')``
        orders them by relevance."""
        if not isinstance(text, str):
            raise ValidationError(errors={"search_text": ["search_text() takes a string."]})
        condition: dict[str, Any] = {"$search": text}
        if language is not None:
            condition["$language"] = language
        return self._chain(self._state.changed(text=condition))

    def batch_size(self, size: int) -> Self:
        """Read ``size`` documents per round trip when iterating."""
        if _natural(size, "batch_size") == 0:
            raise ValueError("batch_size takes a positive integer, not 0.")
        return self._chain(self._state.changed(batch_size=size))

    def comment(self, text: str) -> Self:
        """Attach ``text`` to the commands this QuerySet sends (seen in the server's logs and profiler)."""
        return self._chain(self._state.changed(comment=str(text)))

    def read_preference(self, read_preference: _ServerMode) -> Self:
        """Read from the members ``read_preference`` (``ReadPreference.SECONDARY``...) chooses."""
        if not isinstance(read_preference, _ServerMode):
            raise TypeError(
                "read_preference() takes a read preference (pymongo's ReadPreference.SECONDARY...)."
            )
        return self._collection_option("read_preference", read_preference)

    def read_concern(self, read_concern: ReadConcern | dict[str, Any]) -> Self:
        """Read with this read concern (``{'level': 'majority'}`` or a ``ReadConcern``)."""
        if isinstance(read_concern, dict):
            read_concern = ReadConcern(**read_concern)
        if not isinstance(read_concern, ReadConcern):
            raise TypeError("read_concern() takes a dict ({'level': 'majority'}) or a ReadConcern.")
        return self._collection_option("read_concern", read_concern)

    def _collection_option(self, name: str, value: Any) -> Self:
        options = (*(option for option in self._state.collection_options if option[0] != name), (name, value))
        return self._chain(self._state.changed(collection_options=options))

    def from_json(self, json_data: str) -> list[D]:
        """The documents of MongoDB Extended JSON (as ``to_json()`` writes), not saved."""
        data = json_util.loads(json_data)
        if not isinstance(data, list):
            raise ValidationError("from_json() takes a JSON array of documents.")
        read = reader_for(self._document)
        return [read(item) for item in data]

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


@lru_cache(maxsize=1024)
def initial_state(document: type[BaseDocument]) -> QueryState:
    """The state of ``Model.objects``, every document of the class: one per class (states never change)."""
    return QueryState(document)


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


def subject_of(owner: object) -> str:
    """How the receiver of an async-face call is written (``User.objects.filter(...)``...)."""
    if isinstance(owner, BaseQuerySet):
        filtered = ".filter(...)" if owner._state.filter_document() else ""
        return f"{owner.model.__name__}.objects{filtered}"
    if isinstance(owner, BaseFileProxy):
        return f"{type(owner.document).__name__}(...).{owner.field.name}"
    if isinstance(owner, BaseDocument):
        return f"{type(owner).__name__}(...)"
    return getattr(owner, "__name__", type(owner).__name__)


def sync_hint(owner: object) -> str:
    """Where the sync face's version of a call is: ``User.sync.objects...`` or ``User.sync``."""
    if isinstance(owner, BaseQuerySet):
        return f"{owner.model.__name__}.sync.objects..."
    if isinstance(owner, BaseFileProxy):
        owner = owner.document
    model = owner if isinstance(owner, type) else type(owner)
    return f"{model.__name__}.sync"
