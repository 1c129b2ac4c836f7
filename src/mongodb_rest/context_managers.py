"""Context managers: ``switch_db``, ``switch_collection``, ``atomic`` (multi-document transactions) and
``query_counter``.

Switches are per task or thread (context variables): concurrent requests never see each other's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import asdict, dataclass, replace
from types import MappingProxyType, TracebackType
from typing import TYPE_CHECKING, Any

from .connection import DEFAULT_ALIAS, monitored
from .errors import OperationError
from .faces import registered_face
from .query_log import active_counters

if TYPE_CHECKING:
    from .document.base import BaseDocument

__all__ = ["atomic", "query_counter", "switch_collection", "switch_db"]


@dataclass(frozen=True, slots=True)
class Target:
    """Where a document class's operations go while switched: another alias and/or collection."""

    alias: str | None = None
    collection: str | None = None


UNSWITCHED = Target()  # the class's own alias and collection
_NONE: Mapping[Any, Any] = MappingProxyType({})  # the values are replaced, never changed in place
_targets: ContextVar[Mapping[type[Any], Target]] = ContextVar("mongodb_rest_targets", default=_NONE)


def target(subject: type[BaseDocument] | BaseDocument) -> tuple[str, str | None]:
    """The alias and collection name a document class, or one document, uses now: the document's own
    ``switch_db()``/``switch_collection()``, else the class's switch, else its ``meta``."""
    if isinstance(subject, type):
        cls, own = subject, UNSWITCHED
    else:
        cls, own = type(subject), subject._bound_target()
    switches = _targets.get()
    if not switches and own is UNSWITCHED:  # nothing switched: the class's meta, without lookups
        meta = cls._meta
        return meta.db_alias, meta.collection
    switched = switches.get(cls._twin_of or cls, UNSWITCHED)
    return (
        own.alias or switched.alias or cls._meta.db_alias,
        own.collection or switched.collection or cls._meta.collection,
    )


@contextmanager
def _switched(document: type[BaseDocument], **change: str) -> Iterator[type[BaseDocument]]:
    root = document._twin_of or document
    current = _targets.get()
    token = _targets.set({**current, root: replace(current.get(root, Target()), **change)})
    try:
        yield document
    finally:
        _targets.reset(token)


def bound(document: BaseDocument) -> Any:
    """``with bound(doc):`` runs its class's operations where ``doc.switch_db()`` /
    ``doc.switch_collection()`` sent the document."""
    change = {key: value for key, value in asdict(document._bound_target()).items() if value}
    return _switched(type(document), **change)


def switch_db[D: BaseDocument](document: type[D], alias: str) -> Any:
    """``with switch_db(User, 'backup'):`` runs ``User``'s operations on connection ``alias``."""
    return _switched(document, alias=alias)


def switch_collection[D: BaseDocument](document: type[D], collection: str) -> Any:
    """``with switch_collection(User, 'archived_users'):`` runs ``User``'s operations on that collection."""
    return _switched(document, collection=collection)


class atomic:
    """A multi-document transaction on connection ``alias``: ``with atomic():`` for the sync face,
    ``async with atomic():`` for the async face.

    Every operation of that face on ``alias`` inside the block joins the transaction; an exception
    aborts it and nothing done inside is kept. A nested ``atomic`` joins the outer one. With
    ``durable=False`` a server without transactions (a standalone mongod) runs the block without one:
    each write is then applied at once and nothing is rolled back.
    """

    def __init__(self, alias: str = DEFAULT_ALIAS, durable: bool = True) -> None:
        self.alias = alias
        self.durable = durable
        self._opened: Any = None  # what the face's begin_transaction returned

    def __enter__(self) -> atomic:
        self._opened = registered_face("sync").begin_transaction(self.alias, self.durable)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        opened, self._opened = self._opened, None
        if opened is not None:
            registered_face("sync").end_transaction(self.alias, opened, kind is None)

    async def __aenter__(self) -> atomic:
        self._opened = await registered_face("aio").begin_transaction(self.alias, self.durable)
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        opened, self._opened = self._opened, None
        if opened is not None:
            await registered_face("aio").end_transaction(self.alias, opened, kind is None)


class query_counter:
    """Count the commands sent in a block, on both faces::

        with query_counter() as queries:
            await User.objects.filter(active=True).first()
        assert queries == 1

    Counts what the current thread or task (and the worker threads it hands context to) sends through
    connections registered with ``connect()``; ``alias`` limits it to one connection. Batches fetched with
    ``getMore`` count; the driver's own handshakes, authentication and cursor cleanup do not.
    """

    def __init__(self, alias: str | None = None) -> None:
        self.alias = alias
        self.commands: list[str] = []  # "find users", "insert users", ...
        self._token: Token[tuple[query_counter, ...]] | None = None

    def _add(self, alias: str, name: str, collection: str) -> None:
        if self.alias is None or self.alias == alias:
            self.commands.append(f"{name} {collection}".rstrip())

    @property
    def count(self) -> int:
        """How many commands were sent so far."""
        return len(self.commands)

    def __enter__(self) -> query_counter:
        if not monitored(self.alias):
            raise OperationError(
                "query_counter counts the commands of monitored connections: connect(..., "
                "monitor_commands=True), or DEBUG = True; MongoTestCase's databases are monitored."
            )
        self._token = active_counters.set((*active_counters.get(), self))
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._token is not None:
            active_counters.reset(self._token)
            self._token = None

    def __int__(self) -> int:
        return self.count

    def __eq__(self, other: object) -> bool:
        return self.count == other if isinstance(other, int) else NotImplemented

    def __ne__(self, other: object) -> bool:
        return self.count != other if isinstance(other, int) else NotImplemented

    def __lt__(self, other: int) -> bool:
        return self.count < other

    def __le__(self, other: int) -> bool:
        return self.count <= other

    def __gt__(self, other: int) -> bool:
        return self.count > other

    def __ge__(self, other: int) -> bool:
        return self.count >= other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<query_counter {self.count}: {', '.join(self.commands)}>"
