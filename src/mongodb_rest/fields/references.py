"""Reference fields: a link to another document, stored as its id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from bson import DBRef, ObjectId
from pydantic import BeforeValidator

from ..document.options import collection_name
from ..document.registry import find_document
from ..errors import ValidationError
from .base import BaseField, is_document
from .containers import ListField
from .kinds import FieldKind, Nested
from .scalars import to_object_id

if TYPE_CHECKING:
    from ..document.base import BaseDocument

DO_NOTHING = 0
NULLIFY = 1
CASCADE = 2
DENY = 3
PULL = 4


def _reference_schema(field: ReferenceField, nested: Nested) -> dict[str, Any]:
    return {"bsonType": "object"} if field.stores_dbref else {}


class ReferenceField(BaseField[Any]):
    """A reference to a document of ``document_type`` (a class, a class name, or ``"self"`` for the
    declaring class), stored as its ``_id``; with ``dbref=True`` as a DBRef. A reference to an abstract
    class is stored as a DBRef naming the referenced document's class (``cls``), which loading reads.

    Accepts a saved document or its id (ObjectId or hex string); reads back the id (the DBRef for an
    abstract class).
    """

    kind = FieldKind("reference", ("objectId",), _reference_schema, filter_value="objectid")
    encodes = True

    def __init__(
        self,
        document_type: type[BaseDocument] | str,
        reverse_delete_rule: int = DO_NOTHING,
        dbref: bool = False,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self._document_type = document_type
        self.reverse_delete_rule = reverse_delete_rule
        self.dbref = dbref
        self.decodes = dbref  # a stored DBRef reads back as its id

    @property
    def document_type(self) -> type[BaseDocument]:
        """The referenced document class."""
        document_type = self._document_type
        if document_type == "self":
            if self.owner is None:
                raise TypeError('ReferenceField("self") must be declared in a document class.')
            document_type = self._document_type = self.owner
        elif isinstance(document_type, str):
            document_type = self._document_type = self.resolve_document(document_type)
        return document_type

    @property
    def stores_dbref(self) -> bool:
        """True when references are stored as DBRefs (``dbref=True``, or an abstract class)."""
        return self.dbref or self.document_type._meta.abstract

    def _coerce(self, value: Any) -> Any:
        target = self.document_type
        if is_document(value):
            if not isinstance(value, target):
                raise ValueError(f"Expected a {target.__name__}, got a {type(value).__name__}.")
            if getattr(value, "id", None) is None:
                raise ValueError(f"The referenced {target.__name__} must be saved first.")
            return value
        if target._meta.abstract:
            if isinstance(value, DBRef) and _class_of(value) is not None:
                return value
            raise ValueError(
                f"{target.__name__} is abstract: give the document (or a DBRef naming its class), not an id."
            )
        key = value.id if isinstance(value, DBRef) else value
        if target._id_field != "id":  # a custom primary key: a value of its field
            return _custom_key(target, key)
        return to_object_id(key)

    def base_annotation(self) -> Any:
        from typing import Annotated

        return Annotated[Any, BeforeValidator(self._coerce)]

    query_annotation = base_annotation
    exact_query_types = (ObjectId,)

    def to_mongo(self, value: Any) -> Any:
        if isinstance(value, DBRef):
            return value
        if not is_document(value):  # a key
            if self.document_type._meta.abstract:
                raise ValidationError(
                    errors={self.name: [f"{self.document_type.__name__} is abstract: query by document."]}
                )
            return DBRef(collection_name(self.document_type), value) if self.dbref else value
        key = value.__dict__["id"]
        if self.document_type._meta.abstract:  # as MongoEngine stores it: the DBRef names the class
            return DBRef(collection_name(type(value)), key, cls=type(value)._class_name)
        return DBRef(collection_name(type(value)), key) if self.dbref else key

    def to_python(self, value: Any) -> Any:
        return value.id if isinstance(value, DBRef) and _class_of(value) is None else value


def _custom_key(target: type[BaseDocument], value: Any) -> Any:
    try:
        return target._fields["id"].to_query(value)
    except ValidationError:
        raise ValueError(f"Not a valid {target._id_field} of a {target.__name__}: {value!r}.") from None


def _class_of(reference: DBRef) -> str | None:
    """The class name a DBRef to a document of an abstract class carries."""
    name = reference.as_doc().get("cls")
    return name if isinstance(name, str) else None


class GenericReferenceField(BaseField[Any]):
    """A reference to a saved document of any class, stored as ``{'_cls': name, '_ref': DBRef}``;
    ``choices`` (classes or class names) limits it to documents of those classes (and subclasses)."""

    kind = FieldKind("generic_reference", ("object",))
    encodes = True

    def __init__(self, *, choices: Iterable[type[BaseDocument] | str] | None = None, **options: Any) -> None:
        super().__init__(**options)
        self._classes: list[type[BaseDocument] | str] | None = list(choices) if choices is not None else None

    @property
    def document_choices(self) -> tuple[type[BaseDocument], ...] | None:
        """The classes a referenced document may be of, or None for any."""
        if self._classes is None:
            return None
        self._classes = [
            self.resolve_document(choice) if isinstance(choice, str) else choice for choice in self._classes
        ]
        return tuple(self._classes)  # type: ignore[arg-type]

    def _coerce(self, value: Any) -> Any:
        if is_document(value):
            allowed = self.document_choices
            if allowed is not None and not isinstance(value, allowed):
                names = ", ".join(choice.__name__ for choice in allowed)
                raise ValueError(f"Expected a document of {names}, got a {type(value).__name__}.")
            if getattr(value, "id", None) is None:
                raise ValueError("The referenced document must be saved first.")
            return value
        if (
            isinstance(value, dict)
            and isinstance(value.get("_ref"), DBRef)
            and isinstance(value.get("_cls"), str)
        ):
            return value
        if isinstance(value, (ObjectId, DBRef)):
            raise ValueError(
                f"A generic reference takes the saved document itself, not a bare {type(value).__name__} "
                "(it does not name the document's class)."
            )
        raise ValueError("Expected a saved document.")

    def base_annotation(self) -> Any:
        from typing import Annotated

        return Annotated[Any, BeforeValidator(self._coerce)]

    query_annotation = base_annotation

    def to_mongo(self, value: Any) -> Any:
        if is_document(value):
            collection = collection_name(type(value))
            return {"_cls": value._class_name, "_ref": DBRef(collection, value.__dict__["id"])}
        return dict(value)


def reference_field(cls: type[BaseDocument], name: str) -> ReferenceField | GenericReferenceField:
    """The reference field ``name`` of ``cls`` (directly or as the items of a list)."""
    field: BaseField[Any] | None = cls._fields.get(name)
    if isinstance(field, ListField):
        field = field.field
    if not isinstance(field, (ReferenceField, GenericReferenceField)):
        raise ValidationError(errors={name: [f"{name!r} is not a reference field."]})
    return field


def reference_names(cls: type[BaseDocument]) -> tuple[str, ...]:
    """The reference fields of ``cls`` (direct or lists of references)."""
    names = []
    for name, field in cls._fields.items():
        inner = field.field if isinstance(field, ListField) else field
        if isinstance(inner, (ReferenceField, GenericReferenceField)):
            names.append(name)
    return tuple(names)


def reference_key(item: Any) -> Any:
    """The referenced document's key in a stored reference (a key, a DBRef or a generic reference)."""
    if isinstance(item, DBRef):
        return item.id
    return item["_ref"].id if isinstance(item, dict) else item


def target_class(field: BaseField[Any], item: Any, cls: type[BaseDocument]) -> type[BaseDocument] | None:
    """The class (on the face of ``cls``) an unloaded reference points to; None when it is loaded or
    names no defined class; LookupError when several classes have the name it stores."""
    if isinstance(field, ReferenceField) and _is_key(item):
        return field.document_type.twin(cls._face)
    if isinstance(field, ReferenceField) and isinstance(item, DBRef):  # to an abstract class: names it
        stored = _subclass_named(field.document_type, item.as_doc().get("cls"))
        return stored.twin(cls._face) if stored is not None else None
    if (
        isinstance(field, GenericReferenceField)
        and isinstance(item, dict)
        and isinstance(item.get("_ref"), DBRef)
    ):
        target = find_document(item["_cls"].split(".")[-1], cls.__module__)
        return target.twin(cls._face) if target is not None else None
    return None


def _is_key(item: Any) -> bool:
    """True for a stored key (an ObjectId, or the value of a custom primary key)."""
    return item is not None and not isinstance(item, (DBRef, dict)) and not is_document(item)


def _subclass_named(base: type[BaseDocument], name: Any) -> type[BaseDocument] | None:
    """The concrete declared subclass of ``base`` whose class name is ``name``, or None."""
    pending = [base]
    while pending:
        klass = pending.pop()
        if klass._class_name == name and klass._twin_of is None and not klass._meta.abstract:
            return klass
        pending.extend(klass.__subclasses__())
    return None
