"""Index declarations (``meta['indexes']``, ``unique=True``) compiled to PyMongo IndexModels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any

from pymongo import ASCENDING, DESCENDING, IndexModel

from .document.paths import resolve_path

if TYPE_CHECKING:
    from .document.base import BaseDocument

INDEX_TYPES = {"2dsphere", "2d", "text", "hashed"}
PREFIXES = {"-": DESCENDING, "+": ASCENDING, "$": "text", "#": "hashed"}
OPTION_NAMES = {
    "unique",
    "sparse",
    "name",
    "partialFilterExpression",
    "expireAfterSeconds",
    "collation",
    "hidden",
    "weights",
    "default_language",
    "language_override",
    "min",
    "max",
    "bits",
    "wildcardProjection",
}
IGNORED_OPTIONS = {"background", "fields", "cls"}


def _key(cls: type[BaseDocument], name: str, direction: Any = None) -> tuple[str, Any]:
    if direction is None:
        direction = ASCENDING
        if name[:1] in PREFIXES:
            name, direction = name[1:], PREFIXES[name[:1]]
    if direction not in (ASCENDING, DESCENDING) and direction not in INDEX_TYPES:
        raise ValueError(f"Unknown index direction {direction!r} for {name!r}.")
    path, _ = resolve_path(cls, name.replace("__", ".").split("."))
    return path, direction


def _is_key_with_direction(spec: Any) -> bool:
    """``('name', 1)``, ``('created_at', -1)``, ``('location', '2dsphere')``."""
    return (
        isinstance(spec, (tuple, list))
        and len(spec) == 2
        and isinstance(spec[0], str)
        and not isinstance(spec[1], bool)
        and (spec[1] in (ASCENDING, DESCENDING) or spec[1] in INDEX_TYPES)
    )


def index_keys(cls: type[BaseDocument], spec: Any) -> list[tuple[str, Any]]:
    """The (stored path, direction) list of one key spec: ``'email'``, ``'-created_at'``, ``('name', 1)``,
    ``('location', '2dsphere')`` or a compound list of those."""
    if isinstance(spec, str):
        return [_key(cls, spec)]
    if _is_key_with_direction(spec):
        return [_key(cls, spec[0], spec[1])]
    if isinstance(spec, Sequence) and spec:
        keys: list[tuple[str, Any]] = []
        for part in spec:
            keys.extend(index_keys(cls, part))
        return keys
    raise ValueError(f"Cannot read the index specification {spec!r}.")


def index_model(cls: type[BaseDocument], spec: Any, **options: Any) -> IndexModel:
    """One IndexModel from a key spec or a ``{'fields': [...], 'unique': True, ...}`` dict."""
    if isinstance(spec, dict):
        options = {**{k: v for k, v in spec.items() if k != "fields"}, **options}
        if "fields" not in spec:
            raise ValueError(f"The index {spec!r} has no 'fields'.")
        spec = spec["fields"]
    unknown = set(options) - OPTION_NAMES - IGNORED_OPTIONS
    if unknown:
        raise ValueError(f"Unknown index option(s) {sorted(unknown)} for {spec!r}.")
    kept = {k: v for k, v in options.items() if k not in IGNORED_OPTIONS}
    if "partialFilterExpression" in kept:
        kept["partialFilterExpression"] = dict(kept["partialFilterExpression"])
    return IndexModel(index_keys(cls, spec), **kept)


def declared_indexes(cls: type[BaseDocument]) -> list[IndexModel]:
    """Every index ``cls`` declares: ``meta['indexes']`` and fields with ``unique=True``."""
    models = [index_model(cls, spec) for spec in cls._meta.indexes]
    for field in cls._fields.values():
        if field.unique and field.name != "id":
            keys = [(field.db_key, ASCENDING)]
            keys += [
                (resolve_path(cls, other.replace("__", ".").split("."))[0], ASCENDING)
                for other in field.unique_with
            ]
            models.append(IndexModel(keys, unique=True, sparse=not field.required))
    return models


COMPARED_OPTIONS = (
    "unique",
    "sparse",
    "partialFilterExpression",
    "expireAfterSeconds",
    "collation",
    "hidden",
)


@dataclass(frozen=True, slots=True)
class IndexDiff:
    """How the indexes of a collection differ from what its document class declares."""

    missing: list[dict[str, Any]] = dataclass_field(default_factory=list)  # declared, not present
    extra: list[dict[str, Any]] = dataclass_field(default_factory=list)  # present, not declared
    changed: list[tuple[dict[str, Any], dict[str, Any]]] = dataclass_field(
        default_factory=list
    )  # (declared, present)

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.changed)

    def lines(self) -> list[str]:
        """A human-readable line per difference."""
        return (
            [f"+ missing {_describe(index)}" for index in self.missing]
            + [f"- extra {_describe(index)}" for index in self.extra]
            + [
                f"~ changed {_describe(present)} -> {_describe(declared)}"
                for declared, present in self.changed
            ]
        )


def _describe(index: dict[str, Any]) -> str:
    keys = ", ".join(f"{key}: {direction}" for key, direction in dict(index["key"]).items())
    options = {name: index[name] for name in COMPARED_OPTIONS if index.get(name) not in (None, False)}
    return f"{index.get('name', '?')} {{{keys}}}" + (f" {options}" if options else "")


def index_signature(
    index: dict[str, Any],
) -> tuple[tuple[tuple[str, Any], ...], tuple[tuple[str, Any], ...]]:
    """An index (declared or listed) as its keys and compared options, for comparisons."""
    key = dict(index["key"])
    if "_fts" in key:  # MongoDB lists a text index by its internal keys and names its fields in weights
        key = {name: "text" for name in index.get("weights", {})}
    keys = tuple((name, int(value) if isinstance(value, float) else value) for name, value in key.items())
    options = tuple(
        (name, repr(_plain(index[name]))) for name in COMPARED_OPTIONS if index.get(name) not in (None, False)
    )
    return keys, options


def _plain(value: Any) -> Any:
    """Listed indexes hold SON documents: compare them as dicts."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    return value


def diff_indexes(declared: list[IndexModel], present: list[dict[str, Any]]) -> IndexDiff:
    """Compare declared IndexModels with ``list_indexes()`` output (``_id`` aside), by keys and options."""
    wanted = {index_signature(model.document)[0]: model.document for model in declared}
    existing = {index_signature(index)[0]: index for index in present if index.get("name") != "_id_"}
    diff = IndexDiff()
    for keys, index in wanted.items():
        if keys not in existing:
            diff.missing.append(index)
        elif index_signature(index)[1] != index_signature(existing[keys])[1]:
            diff.changed.append((index, existing[keys]))
    diff.extra.extend(index for keys, index in existing.items() if keys not in wanted)
    return diff
