"""Field selection: ``only()``, ``exclude('field')`` and ``all_fields()`` compiled to projections."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..document.paths import resolve_path

if TYPE_CHECKING:
    from ..document.base import BaseDocument


@dataclass(frozen=True, slots=True)
class Projection:
    """Fields to load: ``only`` (when set) minus ``excluded``."""

    only: frozenset[str] | None = None
    excluded: frozenset[str] = frozenset()

    def including(self, fields: tuple[str, ...]) -> Projection:
        """Load only ``fields`` (added to an earlier ``only``)."""
        return Projection((self.only or frozenset()) | frozenset(fields), self.excluded)

    def excluding(self, fields: tuple[str, ...]) -> Projection:
        """Do not load ``fields``."""
        return Projection(self.only, self.excluded | frozenset(fields))

    def compile(self, cls: type[BaseDocument]) -> dict[str, Any] | None:
        """The MongoDB projection document, or None to load everything."""
        if self.only is not None:
            paths = {_path(cls, name) for name in self.only - self.excluded}
            projection: dict[str, Any] = dict.fromkeys(sorted(paths), 1)
            if cls._meta.allow_inheritance:
                projection["_cls"] = 1
            if cls._version_key is not None:  # a partly loaded versioned document saves conditionally
                projection[cls._version_key] = 1
            if "_id" in {_path(cls, name) for name in self.excluded}:
                projection["_id"] = 0
            return projection
        if self.excluded:
            return dict.fromkeys(sorted(_path(cls, name) for name in self.excluded), 0)
        return None

    def loaded_names(self, cls: type[BaseDocument]) -> frozenset[str] | None:
        """The fields a partial load fills whole, or None when documents load whole.

        A field loaded only in part (``only('address__city')``) does not count: saving the document
        writes it only if it is assigned again.
        """
        if self.only is None and not self.excluded:
            return None
        names = set(cls._fields) if self.only is None else {name for name in self.only if _top_level(name)}
        names.add("id")
        names -= {name.split("__")[0].split(".")[0] for name in self.excluded}
        return frozenset(names)


def _top_level(name: str) -> bool:
    return "__" not in name and "." not in name


def _path(cls: type[BaseDocument], name: str) -> str:
    return resolve_path(cls, name.replace("__", ".").split("."))[0]
