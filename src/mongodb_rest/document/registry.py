"""Every document class by name, for string references and forward annotations."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import BaseDocument

_classes: dict[str, list[type[BaseDocument]]] = {}


def register(cls: type[BaseDocument]) -> None:
    """Record a newly declared document class under its name."""
    same = _classes.setdefault(cls.__name__, [])
    same[:] = [
        known
        for known in same
        if known.__qualname__ != cls.__qualname__ or known.__module__ != cls.__module__
    ]
    same.append(cls)


def all_documents() -> list[type[BaseDocument]]:
    """Every declared document class (the latest of each name and module)."""
    return [cls for classes in _classes.values() for cls in classes]


def get_document(name: str, module: str | None = None) -> type[BaseDocument]:
    """The document class called ``name`` (the one in ``module`` when several share the name)."""
    found = find_document(name, module)
    if found is None:
        raise LookupError(f"No document class named {name!r} is defined.")
    return found


def find_document(name: str, module: str | None = None) -> type[BaseDocument] | None:
    """Like ``get_document``, but None when no class has that name; LookupError when several do."""
    candidates = _classes.get(name, [])
    if module is not None:
        local = [cls for cls in candidates if cls.__module__ == module]
        candidates = local or candidates
    if len(candidates) > 1:
        modules = ", ".join(sorted({cls.__module__ for cls in candidates}))
        raise LookupError(
            f"Several document classes are named {name!r} (in {modules}); pass the class itself."
        )
    return candidates[0] if candidates else None


def namespace() -> dict[str, type[BaseDocument]]:
    """Names that resolve unambiguously, for Pydantic's forward references."""
    return {name: classes[-1] for name, classes in _classes.items() if classes}
