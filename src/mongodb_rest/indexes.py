"""Index declarations (``meta['indexes']``, ``unique=True``) compiled to PyMongo IndexModels."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.collation import Collation

from .document.paths import resolve_path
from .document.persistence import shard_key_paths
from .errors import DefinitionError

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


def _parse(spec: Any, options: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """The key spec and the index options of a key spec or a ``{'fields': [...], ...}`` dict."""
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
    return spec, kept


def index_model(cls: type[BaseDocument], spec: Any, **options: Any) -> IndexModel:
    """One IndexModel from a key spec or a ``{'fields': [...], 'unique': True, ...}`` dict."""
    keys, kept = _parse(spec, options)
    return IndexModel(index_keys(cls, keys), **kept)


def _given(value: Any) -> bool:
    """Whether an index option is set (``False`` and None are MongoDB's defaults; 0 is a value)."""
    return value is not None and value is not False


@dataclass(frozen=True, slots=True)
class IndexDeclaration:
    """One index a class declares: its keys, its options (name aside), its name if given, and where."""

    keys: tuple[tuple[str, Any], ...]
    options: dict[str, Any]
    name: str | None
    origin: str  # how the class declares it, for messages

    @classmethod
    def of(cls, keys: list[tuple[str, Any]], options: dict[str, Any], origin: str) -> IndexDeclaration:
        """A declaration whose unset options (False, None) are left out, as MongoDB leaves them out."""
        kept = {
            key: value.document if isinstance(value, Collation) else value
            for key, value in options.items()
            if key != "name" and _given(value)
        }
        return cls(tuple(keys), kept, options.get("name"), origin)

    def model(self) -> IndexModel:
        """The IndexModel that creates it."""
        return IndexModel(list(self.keys), **self.options, **({"name": self.name} if self.name else {}))

    def __str__(self) -> str:
        return f"{self.origin} with " + (f"options {self.options}" if self.options else "no options")


def index_declarations(cls: type[BaseDocument]) -> list[IndexDeclaration]:
    """Every index declaration of ``cls``, as declared: ``meta['indexes']``, ``unique=True`` fields and
    ``meta['shard_key']``."""
    found = []
    for spec in cls._meta.indexes:
        keys, options = _parse(spec, {})
        found.append(IndexDeclaration.of(index_keys(cls, keys), options, f"meta['indexes'] entry {spec!r}"))
    for field in cls._fields.values():
        if field.unique and field.name != "id":
            keys = [(field.db_key, ASCENDING)]
            keys += [
                (resolve_path(cls, other.replace("__", ".").split("."))[0], ASCENDING)
                for other in field.unique_with
            ]
            options = {"unique": True, "sparse": not field.required if field.sparse is None else field.sparse}
            found.append(IndexDeclaration.of(keys, options, f"the field {field.name!r} (unique=True)"))
    if cls._meta.shard_key:  # sharding a collection needs an index on its shard key
        keys = [(path, ASCENDING) for path in shard_key_paths(cls)]
        found.append(IndexDeclaration.of(keys, {}, f"meta['shard_key'] {cls._meta.shard_key!r}"))
    return found


def merge_declarations(owner: str, declarations: list[IndexDeclaration]) -> list[IndexModel]:
    """One IndexModel per key pattern: declarations of one key pattern merge when they agree (the one
    with options wins over the bare form); DefinitionError naming ``owner`` when they cannot."""
    merged: dict[tuple[tuple[str, Any], ...], IndexDeclaration] = {}
    for declaration in declarations:
        known = merged.get(declaration.keys)
        merged[declaration.keys] = declaration if known is None else _merge(owner, known, declaration)
    named: dict[str, IndexDeclaration] = {}
    models = []
    for declaration in merged.values():
        model = declaration.model()
        name = str(model.document["name"])
        if name in named:
            raise DefinitionError(
                f"{owner} gives the index name {name!r} to two key patterns: {named[name]} and "
                f"{declaration}. Give each index a name of its own."
            )
        named[name] = declaration
        models.append(model)
    return models


def _merge(owner: str, first: IndexDeclaration, second: IndexDeclaration) -> IndexDeclaration:
    keys = _key_text(first.keys)
    if first.options and second.options and first.options != second.options:
        raise DefinitionError(
            f"{owner} declares two different indexes on {keys}: {first} and {second}. MongoDB keeps one "
            "index per key pattern: give both declarations the same options, or drop one."
        )
    if first.name and second.name and first.name != second.name:
        raise DefinitionError(
            f"{owner} names the index on {keys} twice: {first.origin} and {second.origin}. Keep one name."
        )
    origin = f"{first.origin} merged with {second.origin}"
    return IndexDeclaration(first.keys, first.options or second.options, first.name or second.name, origin)


def declared_indexes(cls: type[BaseDocument]) -> list[IndexModel]:
    """The indexes ``cls`` declares, one per key pattern (see ``merge_declarations``)."""
    return merge_declarations(cls.__name__, index_declarations(cls))


def check_declared_indexes(cls: type[BaseDocument]) -> None:
    """Raise DefinitionError, naming ``cls``, when its index declarations cannot all be created.

    A path through a document class not defined yet is checked on the collection's first use instead.
    """
    try:
        declared_indexes(cls)
    except LookupError:
        return
    except ValueError as exc:  # a bad key spec, option or field path
        raise DefinitionError(f"{cls.__name__} declares an index it cannot have: {exc}") from None


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
    options = {name: index[name] for name in COMPARED_OPTIONS if _given(index.get(name))}
    return f"{index.get('name', '?')} {_key_text(dict(index['key']).items())}" + (
        f" {options}" if options else ""
    )


def _key_text(keys: Iterable[tuple[str, Any]]) -> str:
    """``{author: 1, created_at: -1}``."""
    return "{" + ", ".join(f"{key}: {direction}" for key, direction in keys) + "}"


def index_signature(
    index: dict[str, Any],
) -> tuple[tuple[tuple[str, Any], ...], tuple[tuple[str, Any], ...]]:
    """An index (declared or listed) as its keys and compared options, for comparisons."""
    key = dict(index["key"])
    if "_fts" in key:  # MongoDB lists a text index by its internal keys and names its fields in weights
        key = {name: "text" for name in index.get("weights", {})}
    keys = tuple((name, int(value) if isinstance(value, float) else value) for name, value in key.items())
    options = tuple((name, repr(_plain(index[name]))) for name in COMPARED_OPTIONS if _given(index.get(name)))
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
