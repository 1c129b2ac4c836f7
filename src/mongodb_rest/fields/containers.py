"""Container fields: lists, dicts and embedded documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import AfterValidator, Field

from ..document.privates import sets_privates_only
from .base import BaseField, fits_int64
from .kinds import FieldKind, Nested
from .polymorphic import as_own_class, is_embedded, own_init, read_tagged, stored_embedded

if TYPE_CHECKING:
    from ..document.base import BaseDocument


def copy_plain(value: Any) -> Any:
    """A copy of nested dicts and lists (scalars are shared: they are immutable or replaced whole);
    embedded documents in them are stored with their ``_cls``."""
    if isinstance(value, dict):
        return {key: copy_plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_plain(item) for item in value]
    if is_embedded(value):
        return stored_embedded(value)
    return value


def read_plain(value: Any, module: str | None = None) -> Any:
    """A copy of stored dicts and lists; dicts tagged with an embedded document's ``_cls`` are read
    as that document (a class of ``module`` first)."""
    if isinstance(value, dict):
        document = read_tagged(value, module) if "_cls" in value else None
        if document is not None:
            return document
        return {key: read_plain(item, module) for key, item in value.items()}
    if isinstance(value, list):
        return [read_plain(item, module) for item in value]
    return value


def check_key(key: Any) -> None:
    """Refuse a dict key MongoDB cannot store safely: not a string, a '$' prefix, a dot or a NUL."""
    if not isinstance(key, str):
        raise ValueError(f"Dict keys must be strings, not {type(key).__name__}.")
    if key.startswith("$") or "." in key or "\x00" in key:
        raise ValueError(f"Dict key {key!r} may not start with '$' or contain '.'.")


MAX_NESTING = 99  # MongoDB stores documents 100 levels deep: the document holding a value is one


def check_keys(value: Any) -> Any:
    """Refuse what MongoDB cannot store: dict keys with '$' prefixes, dots or NULs, integers beyond 64
    bits, and nesting deeper than ``MAX_NESTING``, at any depth (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list, tuple)) and depth > MAX_NESTING:
            raise ValueError("Nested too deep: MongoDB stores at most 100 levels of dicts and lists.")
        if isinstance(item, dict):
            for key, inner in item.items():
                check_key(key)
                stack.append((inner, depth + 1))
        elif isinstance(item, (list, tuple)):
            stack.extend((inner, depth + 1) for inner in item)
        elif isinstance(item, int) and not isinstance(item, bool) and not fits_int64(item):
            raise ValueError(f"{item} is not a 64-bit integer.")
    return value


def builds_documents(document_type: type[BaseDocument], seen: set[type[Any]]) -> bool:
    """True when a validated ``document_type`` instance holds no mutable object it was given: built
    anew from a dict or an instance (an instance is validated again), of one class (no subclass of
    other fields), by Pydantic alone (no ``__init__`` or ``model_post_init`` of its own: they could
    keep what they are given), without undeclared values, each field building its values
    (``BaseField.builds_values``) and its default (``_fresh_default``). See
    ``BaseField.builds_values`` for ``seen``."""
    if document_type in seen:
        return True
    seen.add(document_type)
    config = document_type.model_config
    return (
        config.get("extra") != "allow"
        and (not document_type._embedded or config.get("revalidate_instances") == "always")
        and not (document_type._embedded and document_type._meta.allow_inheritance)
        and not (document_type._embedded and own_init(document_type))
        and sets_privates_only(document_type)
        and all(field.builds_values(seen) for field in document_type._fields.values())
        and all(_fresh_default(document_type, name) for name in document_type._fields)
    )


def _fresh_default(document_type: type[BaseDocument], name: str) -> bool:
    """True when the default of field ``name`` is a new object for each document, or immutable: a
    factory that could hand several documents one list (``default=lambda: SHARED``) is not."""
    info = document_type.model_fields.get(name)
    factory = None if info is None else info.default_factory
    return (
        factory is None
        or factory in (list, dict, set)
        or (isinstance(factory, type) and getattr(factory, "_embedded", False) is True)
        or document_type._fields[name].immutable
    )


def _items_schema(field: ListField, nested: Nested) -> dict[str, Any]:
    items = nested.field(field.field) if field.field is not None else {}
    return {"items": items} if items else {}


def _values_schema(field: DictField, nested: Nested) -> dict[str, Any]:
    values = nested.field(field.field) if field.field is not None else {}
    return {"additionalProperties": values} if values else {}


def _embedded_schema(field: EmbeddedDocumentField, nested: Nested) -> dict[str, Any]:
    return nested.document(field.document_type)


class ListField(BaseField[list[Any]]):
    """A list whose items are validated and stored by ``field`` (any value when omitted)."""

    kind = FieldKind("list", ("array",), _items_schema)
    encodes = True
    decodes = True
    refuses_dicts = True  # a list's schema refuses any dict (a subclass whose annotation takes one resets it)

    def __init__(
        self,
        field: BaseField[Any] | None = None,
        max_length: int | None = None,
        min_length: int | None = None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.field = field
        self.max_length = max_length
        self.min_length = min_length

    def attach(self, name: str, owner: type[Any]) -> None:
        super().attach(name, owner)
        if self.field is not None:
            self.field.attach(name, owner)

    def base_annotation(self) -> Any:
        from typing import Annotated

        item = (
            self.field.value_annotation()
            if self.field is not None
            else Annotated[Any, AfterValidator(check_keys)]
        )
        return Annotated[list[item], Field(min_length=self.min_length, max_length=self.max_length)]  # type: ignore[valid-type]

    def implicit_default(self) -> Any:
        return list

    def builds_values(self, seen: set[type[Any]]) -> bool:
        return self.field is not None and self.field.builds_values(seen)  # Pydantic builds a new list

    def to_mongo(self, value: Any) -> Any:
        if self.field is not None and self.field.encodes:
            encode = self.field.to_mongo
            return [None if item is None else encode(item) for item in value]
        if self.field is not None and self.field.immutable:
            return list(value)  # immutable items: a shallow copy, at C speed
        return copy_plain(list(value))

    def to_python(self, value: Any) -> Any:
        if self.field is not None:
            if self.field.decodes:
                decode = self.field.to_python
                return [None if item is None else decode(item) for item in value]
            if self.field.immutable:
                return list(value)
            return copy_plain(value)
        return read_plain(value, self.owner_module)

    def decoder(self) -> Callable[[Any], Any] | None:
        if isinstance(self.field, EmbeddedDocumentField):
            return None  # built on first access (LazyEmbedded)
        if self.field is not None and self.field.immutable and not self.field.decodes:
            return list  # a copy is all a list of immutable values needs
        return self.to_python

    def to_query(self, value: Any) -> Any:
        """A list matches the whole list; any other value matches an item."""
        if self.field is None:
            return super().to_query(value)
        if isinstance(value, (list, tuple)):
            return [self.field.to_query(item) for item in value]
        return self.field.to_query(value)

    def query_annotation(self) -> Any:
        from typing import Annotated

        return Annotated[Any, AfterValidator(check_keys)]


class DictField(BaseField[dict[str, Any]]):
    """A dict with string keys; ``field`` validates and stores its values (any value when omitted)."""

    kind = FieldKind("dict", ("object",), _values_schema)
    encodes = True
    decodes = True

    def __init__(self, field: BaseField[Any] | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.field = field

    def attach(self, name: str, owner: type[Any]) -> None:
        super().attach(name, owner)
        if self.field is not None:
            self.field.attach(name, owner)

    def base_annotation(self) -> Any:
        from typing import Annotated

        item = self.field.value_annotation() if self.field is not None else Any
        return Annotated[dict[str, item], AfterValidator(check_keys)]  # type: ignore[valid-type]

    def implicit_default(self) -> Any:
        return dict

    def query_annotation(self) -> Any:
        from typing import Annotated

        return Annotated[Any, AfterValidator(check_keys)]

    def builds_values(self, seen: set[type[Any]]) -> bool:
        return self.field is not None and self.field.builds_values(seen)  # Pydantic builds a new dict

    def to_mongo(self, value: Any) -> Any:
        if self.field is not None and self.field.encodes:
            encode = self.field.to_mongo
            return {key: None if item is None else encode(item) for key, item in value.items()}
        return copy_plain(dict(value))

    def to_python(self, value: Any) -> Any:
        if self.field is not None and self.field.decodes:
            decode = self.field.to_python
            return {key: None if item is None else decode(item) for key, item in value.items()}
        return copy_plain(value) if self.field is not None else read_plain(value, self.owner_module)


class EmbeddedDocumentField(BaseField[Any]):
    """An embedded document, given as its class or its class name."""

    kind = FieldKind("embedded", ("object",), _embedded_schema)
    encodes = True
    decodes = True
    refuses_dicts = True  # as_own_class refuses operator dicts

    def __init__(self, document_type: type[BaseDocument] | str, **options: Any) -> None:
        super().__init__(**options)
        self._document_type = document_type
        self._read: Callable[[dict[str, Any]], Any] | None = None

    @property
    def document_type(self) -> type[BaseDocument]:
        """The embedded document class (a name is looked up in the document registry)."""
        document_type = self._document_type
        if isinstance(document_type, str):
            document_type = self._document_type = self.resolve_document(document_type)
        return document_type

    def base_annotation(self) -> Any:
        from typing import Annotated

        return Annotated[self._document_type, as_own_class(lambda: self.document_type)]

    def query_annotation(self) -> Any:
        from typing import Annotated

        return Annotated[self.document_type, as_own_class(lambda: self.document_type)]

    def builds_values(self, seen: set[type[Any]]) -> bool:
        return builds_documents(self.document_type, seen)

    def to_mongo(self, value: Any) -> Any:
        return copy_plain(value) if isinstance(value, dict) else value.to_mongo()  # a dict: not built yet

    def decoder(self) -> Callable[[Any], Any] | None:
        return None  # the stored dict stays until first access builds the document (LazyEmbedded)

    def to_python(self, value: Any) -> Any:
        read = self._read
        if read is None:
            read = self._read = self.document_type._stored_reader()
        return read(value)
