"""The schema migrations track: collections, their fields and indexes, as pure values (no I/O)."""

from __future__ import annotations

import copy
import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..connection import DEFAULT_ALIAS
from ..fields.base import MISSING
from ..index_plan import collection_declarations

if TYPE_CHECKING:
    from ..document.base import BaseDocument
    from ..fields.base import BaseField


@dataclass(frozen=True)
class Field:
    """What a migration knows of a field: its type, whether it is required, and the value stored in
    documents that lack it (``default``, or ``default_factory``, the dotted path of a callable)."""

    type: str
    required: bool = False
    default: Any = None
    default_factory: str | None = None

    @property
    def backfills(self) -> bool:
        """True when documents lacking the field get a value."""
        return self.default is not None or self.default_factory is not None

    def backfill_value(self) -> Any:
        """The stored value for documents lacking the field (a factory is called each time)."""
        if self.default_factory is not None:
            return resolve(self.default_factory)()
        return copy.deepcopy(self.default)


@dataclass
class CollectionState:
    """One collection: the documents stored in it, its fields by stored key, its indexes by name."""

    name: str
    app_label: str
    documents: list[str] = field(default_factory=list)
    fields: dict[str, Field] = field(default_factory=dict)
    indexes: dict[str, dict[str, Any]] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)  # capped, size, max, validator
    alias: str = DEFAULT_ALIAS  # the connection its documents are stored through


@dataclass
class ProjectState:
    """Every collection, by name."""

    collections: dict[str, CollectionState] = field(default_factory=dict)

    def clone(self) -> ProjectState:
        """A deep copy (operations change states in place)."""
        return copy.deepcopy(self)

    def of_app(self, app_label: str) -> ProjectState:
        """The collections of one app."""
        return ProjectState(
            {name: state for name, state in self.collections.items() if state.app_label == app_label}
        )

    def collection(self, name: str) -> CollectionState:
        """The collection ``name``; LookupError naming it when no migration created it."""
        try:
            return self.collections[name]
        except KeyError:
            raise LookupError(f"No migration creates the collection {name!r}.") from None


def field_type(field: BaseField[Any]) -> str:
    """``StringField``, ``ListField(IntField)``, ``EmbeddedDocumentField(Address)``."""
    name = type(field).__name__
    inner = getattr(field, "field", None)
    if inner is not None and hasattr(inner, "to_mongo"):
        return f"{name}({field_type(inner)})"
    document = getattr(field, "_document_type", None)
    if document is not None:
        return f"{name}({document if isinstance(document, str) else document.__name__})"
    return name


def _importable_name(function: Any) -> str | None:
    """``datetime.datetime.now``, the dotted path that imports ``function`` back; None when none does."""
    owner = getattr(function, "__self__", None)
    module = getattr(function, "__module__", None) or getattr(owner, "__module__", None)
    path = f"{module}.{getattr(function, '__qualname__', '')}".removeprefix("builtins.")
    try:
        return path if resolve(path) == function else None
    except LookupError:
        return None


def resolve(path: str) -> Any:
    """The object a dotted path names (``datetime.datetime.now``; ``list`` for a builtin); LookupError
    when nothing does."""
    parts = path.split(".") if "." in path else ["builtins", path]
    for split in range(len(parts) - 1, 0, -1):
        try:
            found: Any = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        try:
            for name in parts[split:]:
                found = getattr(found, name)
        except AttributeError:
            break
        return found
    raise LookupError(f"{path!r} names nothing importable.")


def field_state(field: BaseField[Any]) -> Field:
    """The migration view of a declared field; ValueError when its default cannot be written down."""
    default = field.default
    if default is MISSING or default is None:
        return Field(field_type(field), field.required)
    if callable(default):
        path = _importable_name(default)
        if path is None:
            raise ValueError(
                f"The default of {field.owner.__name__ if field.owner else ''}.{field.name} is a callable "
                "without an importable name: use a module-level function."
            )
        return Field(field_type(field), field.required, default_factory=path)
    return Field(field_type(field), field.required, default=field.to_mongo(default))


def _embedded(field: BaseField[Any]) -> tuple[type[BaseDocument] | None, bool]:
    """The embedded document class a field holds, and whether in a list."""
    from ..fields.containers import EmbeddedDocumentField, ListField

    if isinstance(field, ListField) and isinstance(field.field, EmbeddedDocumentField):
        return field.field.document_type, True
    if isinstance(field, EmbeddedDocumentField):
        return field.document_type, False
    return None, False


def _document_fields(
    cls: type[BaseDocument], prefix: str, fields: dict[str, Field], seen: tuple[type[BaseDocument], ...]
) -> None:
    """The fields of ``cls`` by stored path, with those of the documents it embeds (``address.city``,
    ``lines.$[].sku`` in each item of a list); a document embedding itself is followed once."""
    for name, declared in cls._fields.items():
        if name == "id":
            continue
        path = prefix + declared.db_key
        fields.setdefault(path, field_state(declared))
        embedded, in_list = _embedded(declared)
        if embedded is not None and embedded not in seen:
            _document_fields(embedded, f"{path}.$[]." if in_list else f"{path}.", fields, (*seen, embedded))


def _index(document: dict[str, Any]) -> dict[str, Any]:
    return {
        **{key: value for key, value in document.items() if key != "key"},
        "key": [[name, direction] for name, direction in document["key"].items()],
    }


def state_from_documents(documents: Iterable[type[BaseDocument]]) -> ProjectState:
    """The state the document classes declare (a class hierarchy shares its collection)."""
    from ..document.storage import collection_setup

    state = ProjectState()
    for name, (classes, declared, _) in collection_declarations(documents).items():
        root = classes[0]
        collection = CollectionState(
            name, root._meta.app_label, [cls._meta.label for cls in classes], alias=root._meta.db_alias
        )
        for cls in classes:
            _document_fields(cls, "", collection.fields, (cls,))
        collection.indexes = {str(model.document["name"]): _index(model.document) for model in declared}
        create = collection_setup(root, indexes=False).create or {}
        collection.options = {key: value for key, value in create.items() if key != "create"}
        state.collections[name] = collection
    return state
