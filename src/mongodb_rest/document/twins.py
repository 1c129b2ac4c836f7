"""Twins: a document class seen from the other face (``User.sync``, ``Legacy.aio``)."""

from __future__ import annotations

from copy import copy
from typing import TYPE_CHECKING, Any

from ..faces import FACES, registered_face
from ..fields.base import own_fields_set
from .managers import ClassDescriptor, managers_of

if TYPE_CHECKING:
    from .base import BaseDocument


def twin_of[D: BaseDocument](cls: type[D], face: str) -> type[D]:
    """``cls`` on ``face``: itself when it already is, else a cached subclass with that face's methods.

    The twin shares the collection, fields, meta and exceptions of ``cls``, and its instances are
    instances of ``cls``.
    """
    if face not in FACES:
        raise ValueError(f"Unknown face {face!r}; expected one of {FACES}.")
    if cls._face == face:
        return cls
    original = cls._twin_of or cls
    if original._face == face:
        return original  # type: ignore[return-value]
    cached = original.__dict__.get("_twins")
    if cached is None:
        cached = {}
        type.__setattr__(original, "_twins", cached)
    if face not in cached:
        namespace: dict[str, Any] = {"__module__": original.__module__, "__qualname__": original.__qualname__}
        namespace.update(managers_of(original))  # a manager named objects wins over the face's
        base = registered_face(face).document
        namespace.update(_redeclared(original, base))
        metaclass: Any = type(original)
        cached[face] = metaclass(original.__name__, (base, original), namespace, twin_of=original)
    return cached[face]  # type: ignore[no-any-return]


def _redeclared(original: type[BaseDocument], base: type[BaseDocument]) -> dict[str, Any]:
    """The twin's own declarations of the fields ``original`` shares a name with the face's ``base``
    (its ``id``, whatever the primary key's type): declared again, else the twin would take the
    base's, which comes first among its bases."""
    shared = {name: info for name, info in original.model_fields.items() if name in base.model_fields}
    namespace: dict[str, Any] = {name: copy(info) for name, info in shared.items()}
    namespace["__annotations__"] = {name: info.annotation for name, info in shared.items()}
    return namespace


class TwinDescriptor(ClassDescriptor):
    """``Model.sync`` / ``Model.aio``: the model's class on that face."""

    def __init__(self, face: str) -> None:
        self.face = face

    def __get__(self, instance: object, owner: type[BaseDocument]) -> Any:
        return twin_of(owner, self.face)


def on_face[D: BaseDocument](document: D, face: str) -> D:
    """``document`` seen from ``face``: itself when it is on that face, else an instance of the twin
    class sharing its values and saved state (changes through either show in both)."""
    cls = type(document)
    if cls._face == face or cls._embedded:
        return document
    twin = twin_of(cls, face)
    view = twin.__new__(twin)
    own_fields_set(document)  # one set for both, which assigning through either adds to
    for slot in ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__"):
        object.__setattr__(view, slot, getattr(document, slot))
    return view
