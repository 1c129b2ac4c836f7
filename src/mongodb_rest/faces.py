"""What the core needs of each face (``aio``, ``sync``), which registers it when imported (the core
asks this registry and never imports a face), and the steps a core flow asks a face to run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .document.base import BaseDocument
    from .fields.sequence import SequenceField
    from .signals import Signal

FACES = ("aio", "sync")


@dataclass(frozen=True, slots=True)
class Fetch:
    """A find a core flow asks the face to run; the face sends back the list of stored documents."""

    document: type[BaseDocument]
    filter: dict[str, Any]
    projection: dict[str, int] | None = None  # None: whole documents


@dataclass(frozen=True, slots=True)
class Write:
    """A call of a collection's ``method`` a core flow asks the face to send (in its session); the face
    sends back the driver's reply."""

    method: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Notify:
    """A signal a core flow asks the face to send from ``sender`` (receivers may be coroutines)."""

    signal: Signal
    sender: Any
    kwargs: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Number:
    """Sequence fields a core flow asks the face to number: each field with the documents that take
    its counter's next values, in order (``fields.sequence.sequences_to_take``)."""

    groups: list[tuple[SequenceField, list[Any]]]


@dataclass(frozen=True, slots=True)
class Clean:
    """A document's ``clean()`` a core flow asks the face to run (plain or async)."""

    document: BaseDocument


@dataclass(frozen=True, slots=True)
class Face:
    """A face's parts the core drives (on the async face, the functions return awaitables)."""

    document: type  # its ``Document`` base class: its methods (save, objects...) make twins
    file_proxy: type  # what a file field of one of its documents reads as (``put``, ``read``...)
    load_references: Callable[[Any, tuple[str, ...]], Any]  # loads referenced documents into fields
    begin_transaction: Callable[[str, bool], Any]  # ``atomic()`` entered: (alias, durable) -> opened
    end_transaction: Callable[[str, Any, bool], Any]  # ``atomic()`` left: (alias, opened, commit)


_faces: dict[str, Face] = {}


def register_face(name: str, face: Face) -> None:
    """Record what face ``name`` ('aio' or 'sync') gives the core."""
    _faces[name] = face


def registered_face(name: str) -> Face:
    """The face ``name``: both register when ``mongodb_rest`` is imported."""
    if name not in _faces:
        raise RuntimeError(f"The {name} face is not registered: import mongodb_rest first.")
    return _faces[name]
