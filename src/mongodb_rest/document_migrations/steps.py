"""What operations ask the server to do, as values: the executor sends them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Batched:
    """``update`` applied to every document of ``collection`` matching ``filter``, a batch at a time.

    ``filter`` must stop matching a document once it is updated (a backfill filters on the field
    missing, a rename on the old name existing): a run killed half way resumes where it stopped.
    """

    collection: str
    filter: dict[str, Any]
    update: dict[str, Any] | list[dict[str, Any]]  # an update document or an update pipeline
    label: str  # for the progress line
    array_filters: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class Command:
    """One database command; errors with the codes in ``tolerated`` mean it was already done."""

    command: dict[str, Any]
    tolerated: tuple[int, ...] = ()
    admin: bool = False  # sent to the admin database (renameCollection)


@dataclass(frozen=True)
class EnsureIndex:
    """Bring one index of ``collection`` in line with ``index`` (created, or rebuilt when it differs)."""

    collection: str
    index: dict[str, Any]


@dataclass(frozen=True)
class DropIndex:
    """Drop the index ``name`` of ``collection`` if it exists."""

    collection: str
    name: str


@dataclass(frozen=True)
class Call:
    """A hand-written step: ``function(db)``, awaited with the async face's database when async."""

    function: Callable[..., Any]


Step = Batched | Command | EnsureIndex | DropIndex | Call

NAMESPACE_EXISTS = 48
NAMESPACE_NOT_FOUND = 26
INDEX_NOT_FOUND = 27
