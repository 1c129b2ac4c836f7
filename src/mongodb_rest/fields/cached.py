"""CachedReferenceField: a reference stored with a copy of some of the referenced document's fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator

from ..errors import DefinitionError, ValidationError
from .base import BaseField
from .kinds import FieldKind

if TYPE_CHECKING:
    from ..document.base import BaseDocument, TopLevelDocument

_declared: list[tuple[type[BaseDocument], CachedReferenceField]] = []  # every (class, field), in order


class CachedReferenceField(BaseField[Any]):
    """MongoEngine's ``CachedReferenceField(Author, fields=['name'])``: stored as ``{_id, name: ...}``,
    the referenced document's key with a copy of the chosen fields, so reads need no second query.

    Reading gives the referenced class's document holding the copied fields only (saving it writes
    those fields only). With ``auto_sync`` (the default), saving a referenced document updates the
    copies of the fields that changed in every referencing document (one ``update_many`` per
    referencing collection). Filter with ``author__id=...`` or ``author__name=...`` (the copy).
    """

    kind = FieldKind("cached_reference")
    encodes = True
    decodes = True

    def __init__(
        self,
        document_type: type[BaseDocument] | str,
        fields: Iterable[str] = (),
        auto_sync: bool = True,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self._document_type = document_type
        self.fields = tuple(fields)
        self.auto_sync = auto_sync

    @property
    def document_type(self) -> type[TopLevelDocument]:
        """The referenced document class."""
        document_type = self._document_type
        if isinstance(document_type, str):
            document_type = self._document_type = self.resolve_document(document_type)
        return document_type  # type: ignore[return-value]

    def attach(self, name: str, owner: type[Any]) -> None:
        super().attach(name, owner)
        if not isinstance(self._document_type, str):  # a name is resolved, and checked, on first use
            self.cached_keys()
        if not owner.__dict__.get("__document_base__") and (owner, self) not in _declared:
            _declared.append((owner, self))

    def cached_keys(self) -> dict[str, str]:
        """The stored key of each copied field, by field name; DefinitionError for an unknown name."""
        known = self.document_type._fields
        unknown = [name for name in self.fields if name not in known or name == "id"]
        if unknown:
            raise DefinitionError(
                f"{self.name}: CachedReferenceField(fields=...) names {unknown!r}, which "
                f"{self.document_type.__name__} does not declare (the key is always copied)."
            )
        return {name: known[name].db_key for name in self.fields}

    def _coerce(self, value: Any) -> Any:
        target = self.document_type
        if not isinstance(value, target):
            raise ValueError(
                f"Expected a saved {target.__name__} (a cached reference copies its fields, so an id "
                "is not enough: load the document first)."
            )
        if value.__dict__.get("id") is None:
            raise ValueError(f"The referenced {target.__name__} must be saved first.")
        return value

    def base_annotation(self) -> Any:
        return Annotated[Any, BeforeValidator(self._coerce)]

    def to_query(self, value: Any) -> Any:
        raise ValidationError(
            errors={
                self.name: [
                    f"A cached reference is stored as a copy: filter with {self.name}__id=... "
                    f"(or {self.name}__<field>=... on a copied field)."
                ]
            }
        )

    def to_mongo(self, value: Any) -> Any:
        stored = value.to_mongo()
        copied = {key: stored[key] for key in self.cached_keys().values() if key in stored}
        return {"_id": value.__dict__["id"], **copied}

    def to_python(self, value: Any) -> Any:
        from ..document.codec import from_mongo

        document = from_mongo(self.document_type, value)
        loaded = {"id", *self.fields}
        object.__setattr__(document, "__pydantic_fields_set__", loaded)
        document._private()["_partial"] = True
        return document


def copy_updates(
    document: TopLevelDocument, changed: Iterable[str], stored: dict[str, Any]
) -> list[tuple[type[BaseDocument], dict[str, Any], dict[str, Any]]]:
    """For a saved ``document`` whose stored keys ``changed`` (now ``stored``): the referencing
    classes whose copies must follow, each with the filter and update of its ``update_many``."""
    changed = list(changed)
    writes: dict[tuple[type[BaseDocument], str], tuple[dict[str, Any], dict[str, Any]]] = {}
    for owner, field in _declared:
        if (
            not field.auto_sync
            or owner._meta.abstract
            or owner._embedded
            or not issubclass(type(document)._root(), field.document_type._root())
        ):
            continue
        sets: dict[str, Any] = {}
        unsets: dict[str, Any] = {}
        for key in field.cached_keys().values():
            if any(path == key or path.startswith(f"{key}.") for path in changed):
                if stored.get(key) is None:
                    unsets[f"{field.db_key}.{key}"] = ""
                else:
                    sets[f"{field.db_key}.{key}"] = stored[key]
        target = (_collection_root(owner), field.db_key)
        if (sets or unsets) and target not in writes:
            update = {**({"$set": sets} if sets else {}), **({"$unset": unsets} if unsets else {})}
            writes[target] = ({f"{field.db_key}._id": document.__dict__["id"]}, update)
    return [(owner, query, update) for (owner, _key), (query, update) in writes.items()]


def _collection_root(cls: type[BaseDocument]) -> type[BaseDocument]:
    """The topmost class stored in the collection of ``cls`` (its base, with inheritance)."""
    for base in reversed(cls.__mro__):
        meta = getattr(base, "_meta", None)
        if (
            meta is not None
            and not base.__dict__.get("__document_base__")
            and not meta.abstract
            and meta.collection == cls._meta.collection
        ):
            return base
    return cls
