"""Field selection: ``only()``, ``exclude('field')``, ``fields(...)`` and ``all_fields()`` compiled to
projections."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..document.paths import resolve_path
from ..errors import ValidationError
from .lookups import LOOKUPS

if TYPE_CHECKING:
    from ..document.base import BaseDocument

# fields() prefixes of the projection operators that load part of a list
SLICE, ELEM_MATCH = "slice", "elemMatch"
PREFIXES = {"slice": SLICE, "elemMatch": ELEM_MATCH, "elem_match": ELEM_MATCH}


@dataclass(frozen=True, slots=True)
class Projection:
    """Fields to load: ``only`` (when set) minus ``excluded``, and ``parts``: lists loaded in part,
    as ``(field, SLICE or ELEM_MATCH, argument)``."""

    only: frozenset[str] | None = None
    excluded: frozenset[str] = frozenset()
    parts: tuple[tuple[str, str, Any], ...] = ()

    def including(self, fields: tuple[str, ...]) -> Projection:
        """Load only ``fields`` (added to an earlier ``only``)."""
        return Projection((self.only or frozenset()) | frozenset(fields), self.excluded, self.parts)

    def excluding(self, fields: tuple[str, ...]) -> Projection:
        """Do not load ``fields``."""
        return Projection(self.only, self.excluded | frozenset(fields), self.parts)

    def choosing(self, spec: dict[str, Any]) -> Projection:
        """MongoEngine's ``fields()``: ``title=1`` loads, ``title=0`` leaves out, ``slice__comments=5``
        (or ``[skip, limit]``) and ``elemMatch__comments={lookups}`` load part of a list."""
        projection = self
        for key, value in spec.items():
            prefix, _, name = key.partition("__")
            if prefix in PREFIXES and name:
                kind = PREFIXES[prefix]
                argument = _slice(key, value) if kind == SLICE else value
                parts = tuple(part for part in projection.parts if part[0] != name)
                projection = Projection(
                    projection.only, projection.excluded, (*parts, (name, kind, argument))
                )
            elif value in (0, 1) and not isinstance(value, float):
                projection = projection.including((key,)) if value else projection.excluding((key,))
            else:
                raise ValidationError(
                    errors={key: ["fields() takes 1 or True to load a field, 0 or False to leave it out."]}
                )
        return projection

    def compile(self, cls: type[BaseDocument]) -> dict[str, Any] | None:
        """The MongoDB projection document, or None to load everything (compiled once per class and
        projection: a query asks for it when built, sent and read)."""
        if self.only is None and not self.excluded and not self.parts:
            return None
        try:
            hash(self)
        except TypeError:  # an unhashable argument (``elemMatch`` lookups): compiled each time
            return self._compile(cls)
        compiled = _compiled(self, cls)
        return None if compiled is None else dict(compiled)  # the caller's own

    def _compile(self, cls: type[BaseDocument]) -> dict[str, Any] | None:
        projection: dict[str, Any] = {}
        if self._inclusive():
            paths = {_path(cls, name) for name in (self.only or frozenset()) - self.excluded}
            projection = dict.fromkeys(sorted(paths), 1)
            if cls._meta.allow_inheritance:
                projection["_cls"] = 1
            if cls._version_key is not None:  # a partly loaded versioned document saves conditionally
                projection[cls._version_key] = 1
            if "_id" in {_path(cls, name) for name in self.excluded}:
                projection["_id"] = 0
        elif self.excluded:
            projection = dict.fromkeys(sorted(_path(cls, name) for name in self.excluded), 0)
        for name, kind, argument in self.parts:
            path, field = resolve_path(cls, name.replace("__", ".").split("."))
            if kind == SLICE:
                projection[path] = {"$slice": argument}
            else:
                projection[path] = LOOKUPS["elem_match"].build(field, argument, name)
        return projection or None

    def stored_keys(self, cls: type[BaseDocument]) -> frozenset[str] | None:
        """The only top-level keys documents loaded with this projection can hold (None: any)."""
        projection = self.compile(cls)
        if projection is None or not self._inclusive():
            return None
        keys = {path.split(".")[0] for path, value in projection.items() if value != 0}
        if projection.get("_id") != 0:
            keys.add("_id")
        return frozenset(keys)

    def _inclusive(self) -> bool:
        """True when the projection names what to load (``$elemMatch`` alone loads only its field)."""
        return self.only is not None or (
            not self.excluded and any(kind == ELEM_MATCH for _, kind, _ in self.parts)
        )

    def loaded_names(self, cls: type[BaseDocument]) -> frozenset[str] | None:
        """The fields a partial load fills whole, or None when documents load whole.

        A field loaded only in part (``only('address__city')``, ``fields(slice__comments=5)``) does not
        count: saving the document writes it only if it is assigned again.
        """
        if self.only is None and not self.excluded and not self.parts:
            return None
        if self._inclusive():
            names = {name for name in self.only or () if _top_level(name)}
        else:
            names = set(cls._fields)
        names.add("id")
        names -= {_top(name) for name in self.excluded}
        names -= {_top(name) for name, _, _ in self.parts}
        return frozenset(names)


@lru_cache(maxsize=512)
def _compiled(projection: Projection, cls: type[BaseDocument]) -> dict[str, Any] | None:
    return projection._compile(cls)


def _slice(key: str, value: Any) -> Any:
    """``5`` (the first five), ``-5`` (the last five) or ``[skip, limit]``."""
    if _integer(value):
        return value
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(map(_integer, value)) and value[1] > 0:
        return list(value)
    raise ValidationError(errors={key: ["slice takes a number of items or [skip, limit] (limit > 0)."]})


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _top(name: str) -> str:
    return name.split("__")[0].split(".")[0]


def _top_level(name: str) -> bool:
    return "__" not in name and "." not in name


def _path(cls: type[BaseDocument], name: str) -> str:
    return resolve_path(cls, name.replace("__", ".").split("."))[0]
