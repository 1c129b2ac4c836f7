"""BaseDocument, EmbeddedDocument and TopLevelDocument: the face-neutral document models."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Collection, Generator, Mapping
from contextvars import ContextVar
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Self
from uuid import UUID

from bson import DBRef, Decimal128, ObjectId, json_util
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, PrivateAttr
from pydantic import ValidationError as PydanticValidationError

from .. import errors
from ..context_managers import UNSWITCHED, Target
from ..fields.base import AnyDocument, BaseField, own_fields_set, own_lists, watch
from ..fields.containers import EmbeddedDocumentField, ListField
from ..fields.scalars import DateTimeField, PydanticObjectId
from ..signals import post_init, pre_init
from . import codec, hooks, persistence, versioning
from .managers import ClassDescriptor
from .metaclass import DocumentMetaclass
from .options import DocumentOptions
from .privates import private_initializer
from .twins import TwinDescriptor, twin_of

if TYPE_CHECKING:
    from .codec import ReadStep, WriteStep


_revalidating: ContextVar[bool] = ContextVar("mongodb_rest_revalidating", default=False)


class BaseDocument(BaseModel, metaclass=DocumentMetaclass):
    """What embedded and top-level documents share: fields, validation and BSON conversion."""

    __document_base__ = True
    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        arbitrary_types_allowed=True,
        protected_namespaces=(),
        ignored_types=(ClassDescriptor,),
    )

    _fields: ClassVar[dict[str, BaseField[Any]]] = {}
    _meta: ClassVar[DocumentOptions]
    _class_name: ClassVar[str] = ""
    _subclasses: ClassVar[dict[str, type[BaseDocument]]] = {}
    _embedded: ClassVar[bool] = False
    _face: ClassVar[str] = ""
    _twin_of: ClassVar[type[BaseDocument] | None] = None
    _field_names: ClassVar[frozenset[str]] = frozenset()
    _all_fields_set: ClassVar[set[str]] = set()
    _lazy_fields: ClassVar[tuple[str, ...]] = ()
    _write_plan: ClassVar[tuple[WriteStep, ...]] = ()
    _read_plan: ClassVar[tuple[ReadStep, ...]] = ()
    _timestamped: ClassVar[tuple[tuple[str, DateTimeField], ...]] = ()  # auto_now(_add) fields
    _unshared: ClassVar[bool | None] = None  # values never shared with a caller (None: not known yet)
    _version_key: ClassVar[str | None] = None  # the stored key of a versioned document's version
    _id_field: ClassVar[str] = "id"  # MongoEngine's meta['id_field']: the name of a custom primary key
    _reader: ClassVar[Callable[[dict[str, Any]], Any]]
    _writer: ClassVar[Callable[[Any], dict[str, Any]]]  # to_mongo() of an instance (codec.compile_writer)

    def __init__(self, /, **data: Any) -> None:
        cls = type(self)
        signalling = not _revalidating.get()
        if signalling and pre_init.receivers and pre_init.listening(cls._root()):
            pre_init.send(cls._root(), document=self, values=data)
        try:  # BaseModel.__init__'s one call, without its frame
            self.__pydantic_validator__.validate_python(data, self_instance=self)
        except PydanticValidationError as exc:
            raise errors.ValidationError.from_pydantic(exc) from None
        if signalling:
            if not cls._embedded:
                persistence.validated(self)  # type: ignore[arg-type]
            if post_init.receivers and post_init.listening(cls._root()):
                post_init.send(cls._root(), document=self)

    __init__.library_init = True  # type: ignore[attr-defined]  # polymorphic.own_init: not a class's own

    @property
    def model_fields_set(self) -> set[str]:
        """The names of the fields given or assigned a value (loaded ones for a partial load)."""
        return own_fields_set(self)

    def __setattr__(self, name: str, value: Any) -> None:
        if hasattr(self, "__pydantic_fields_set__"):  # Pydantic adds the name to it
            own_fields_set(self)
        try:
            super().__setattr__(name, value)
        except PydanticValidationError as exc:
            raise errors.ValidationError.from_pydantic(exc) from None
        watch(self, name)

    def __delattr__(self, name: str) -> None:
        watch(self, name)  # a save of a loaded document unsets it (first: a new one keeps its value)
        super().__delattr__(name)

    def __getitem__(self, name: str) -> Any:
        """MongoEngine's ``doc['name']``: a field's value; KeyError for a name that is not a field."""
        if name not in type(self)._fields:
            raise KeyError(name)
        return getattr(self, name)

    def __setitem__(self, name: str, value: Any) -> None:
        """``doc['name'] = value``: assign a field (validated as assignment is); KeyError for a
        name that is not a field."""
        if name not in type(self)._fields:
            raise KeyError(name)
        setattr(self, name, value)

    def _bound_target(self) -> Target:
        """Where this document's own operations go (see ``switch_db()``); none for embedded ones."""
        return UNSWITCHED

    def _materialize(self) -> None:
        """Build the embedded documents still held as stored dicts (see LazyEmbedded)."""
        for name in type(self)._lazy_fields:
            getattr(self, name)

    def model_dump(self, **options: Any) -> dict[str, Any]:
        self._materialize()
        return super().model_dump(**options)

    def model_dump_json(self, **options: Any) -> str:
        self._materialize()
        return super().model_dump_json(**options)

    def __repr_args__(self) -> Any:
        self._materialize()
        return super().__repr_args__()

    @classmethod
    def _build_codec(cls) -> None:
        cls._field_names = frozenset(cls._fields)
        cls._lazy_fields = tuple(name for name, field in cls._fields.items() if _holds_documents(field))
        cls._all_fields_set = set(cls._fields)
        cls._write_plan, cls._read_plan = codec.compile_plans(cls)
        cls._writer = codec.compile_writer(cls)
        cls._timestamped = persistence.timestamped_fields(cls)
        cls._unshared = None  # each class's own answer (persistence.validated)
        cls._version_key = versioning.version_key(cls)
        if cls._version_key is not None:
            versioning.install(cls)  # type: ignore[arg-type]
        cls._reader = codec.compile_reader(cls)
        if (set_privates := private_initializer(cls)) is not None:
            cls.model_post_init = set_privates  # type: ignore[method-assign]

    @classmethod
    def _subclass_for(cls, class_name: str) -> type[Self]:
        """The class stored documents tagged ``_cls: class_name`` belong to, on this class's face."""
        target = cls._subclasses.get(class_name)
        if target is None:
            raise errors.OperationError(f"Stored document of unknown class {class_name!r} in {cls.__name__}.")
        return target.twin(cls._face) if cls._face else target  # type: ignore[return-value]

    @classmethod
    def twin(cls, face: str) -> type[Self]:
        """This class on ``face`` ('aio' or 'sync')."""
        return twin_of(cls, face)

    @classmethod
    def from_mongo(cls, data: dict[str, Any]) -> Self:
        """An instance from trusted stored data, without validation."""
        return codec.from_mongo(cls, data)

    @classmethod
    def _stored_reader(cls) -> Callable[[dict[str, Any]], Self]:
        """The fastest function building instances from stored data (``codec.reader_for``)."""
        return codec.reader_for(cls)

    @classmethod
    def from_json(cls, json_data: str) -> Self:
        """A document (not saved) from JSON: MongoDB Extended JSON of its stored form (with ``_id``, as
        ``QuerySet.to_json()`` writes it, read as stored) or the values ``to_json()`` writes (validated)."""
        data = json_util.loads(json_data)
        if not isinstance(data, dict):
            raise errors.ValidationError("from_json() takes a JSON object.")
        return cls.from_mongo(data) if "_id" in data or "_cls" in data else cls(**data)

    def to_mongo(self) -> dict[str, Any]:
        """The BSON-ready dict this document is stored as."""
        return type(self)._writer(self)  # codec.compile_writer

    def full_clean(self) -> None:
        """Validate every field's current value (in-place changes included), then run ``clean()``.

        Raises ValidationError; on success, values are replaced by their validated form.
        """
        self.validate_fields()
        hooks.run_clean(self)

    def validate_fields(self, names: Collection[str] | None = None) -> None:
        """Validate every field's current value (only those of ``names``, when given), in-place changes
        included (not ``clean()``)."""
        cls = type(self)
        validator = cls.__pydantic_validator__
        try:
            if names is not None or self._is_partial():
                chosen = cls._field_names if names is None else cls._field_names & set(names)
                if self._is_partial():  # loaded with a projection: only what was loaded or assigned
                    chosen &= own_fields_set(self)  # which validate_assignment() adds to
                for name in sorted(chosen):
                    validator.validate_assignment(self, name, self.__dict__.get(name))
                    watch(self, name)  # its validated form may differ from what is stored
            else:
                values = {name: self.__dict__.get(name) for name in cls._fields}
                token = _revalidating.set(True)  # the instances built to check values send no init signals
                try:
                    checked = validator.validate_python(values)
                finally:
                    _revalidating.reset(token)
                self.__dict__.update(checked.__dict__)
                for name in cls._fields:
                    watch(self, name)
        except PydanticValidationError as exc:
            raise errors.ValidationError.from_pydantic(exc) from None

    def _is_partial(self) -> bool:
        return False

    @hooks.inherited_clean
    def clean(self) -> Any:
        """Document-level validation, run by ``save()`` after the fields validated. Override it, with a
        plain or an ``async`` method; raise ValidationError (or ValueError) to refuse the document."""

    def to_dict(self) -> dict[str, Any]:
        """The document's values by field name (undeclared ones too, on dynamic documents); embedded
        documents as dicts, references as ids."""
        self._materialize()
        result: dict[str, Any] = {}
        for name in self._fields:
            value = self.__dict__.get(name)
            result[name] = _plain(value)
        for name, value in (self.__pydantic_extra__ or {}).items():  # a dynamic document's own fields
            result[name] = _plain(value)
        return result

    def to_json(self, **kwargs: Any) -> str:
        """``to_dict()`` as JSON: ids, decimals and UUIDs as strings, datetimes in ISO 8601."""
        return json.dumps(self.to_dict(), default=_json_default, **kwargs)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BaseDocument):
            return NotImplemented
        if self is other:
            return True
        if self._embedded or other._embedded:
            self._materialize()
            other._materialize()
            return type(self)._root() is type(other)._root() and self.__dict__ == other.__dict__
        pk = self.__dict__.get("id")
        return (
            pk is not None
            and self._meta.collection == other._meta.collection
            and pk == other.__dict__.get("id")
        )

    def __hash__(self) -> int:
        pk = self.__dict__.get("id")
        if self._embedded or pk is None:
            raise TypeError(
                f"Unhashable {type(self).__name__}: only saved documents (with an id) are hashable."
            )
        return hash((self._meta.collection, pk))

    @classmethod
    def _root(cls) -> type[BaseDocument]:
        """The declared class (a twin's original): the sender of this class's signals."""
        return cls._twin_of or cls


AnyDocument.register(BaseDocument)


def _holds_documents(field: BaseField[Any]) -> bool:
    inner = field.field if isinstance(field, ListField) else field
    return isinstance(inner, EmbeddedDocumentField)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseDocument):
        return value.to_dict() if value._embedded else value.__dict__.get("id")
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


_JSON_CONVERTERS: dict[type, Callable[[Any], Any]] = {
    ObjectId: str,
    Decimal: str,
    Decimal128: str,
    UUID: str,
    datetime: datetime.isoformat,
    date: date.isoformat,
    bytes: lambda value: base64.b64encode(value).decode("ascii"),
    DBRef: lambda value: {"$ref": value.collection, "$id": str(value.id)},
}


def json_ready(value: Any) -> Any:
    """``value`` as plain JSON data: documents as dicts or ids, ids, decimals and UUIDs as strings."""
    return json.loads(json.dumps(_plain(value), default=_json_default))


def _json_default(value: Any) -> Any:
    for kind, convert in _JSON_CONVERTERS.items():
        if isinstance(value, kind):
            return convert(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


class EmbeddedDocument(BaseDocument):
    """A document stored inside another one; it has no collection and no id."""

    __document_base__ = True
    model_config = ConfigDict(revalidate_instances="always")
    _embedded: ClassVar[bool] = True

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """Pydantic's; a dict is built by ``__init__`` (its signals and checks) as Pydantic builds a
        model with an ``__init__`` of its own, and its errors are reported as Pydantic reports them."""
        if not isinstance(obj, dict):
            return super().model_validate(obj, **options)
        try:
            return cls(**obj)
        except ValueError as exc:
            error: Any = {"type": "value_error", "loc": (), "input": obj, "ctx": {"error": exc}}
            raise PydanticValidationError.from_exception_data(cls.__name__, [error]) from None

    def validate(self, clean: bool = True) -> None:  # type: ignore[override]
        """MongoEngine's explicit validation: every field's current value, then ``clean()`` (unless
        ``clean=False``). Raises ValidationError."""
        self.validate_fields()
        if clean:
            hooks.run_clean(self)


class TopLevelDocument(BaseDocument):
    """A document stored in its own collection, identified by ``id`` (stored as ``_id``)."""

    __document_base__ = True

    id: PydanticObjectId | None = Field(default=None, validation_alias=AliasChoices("id", "pk"))

    _snapshot: dict[str, Any] | None = PrivateAttr(default=None)  # what is stored, as last read or written
    _partial: bool = PrivateAttr(default=False)  # loaded with a projection: save() writes only loaded fields
    _validated: dict[str, Any] | None = PrivateAttr(default=None)  # the stored form it was validated in
    _built: persistence.Built | None = PrivateAttr(default=None)  # or what it was built as (new ones)
    # the fields a save compares (assigned, or mutable and read: ``fields.base.watch``); None: every
    # field, as a document built here may share values with its caller (one whose class's values
    # cannot watches them until its insert: ``persistence.validated``). Loaded ones start with none.
    _watched: set[str] | None = PrivateAttr(default=None)
    _target: Target = PrivateAttr(default=UNSWITCHED)  # set by switch_db() / switch_collection()

    DoesNotExist: ClassVar[type[errors.DoesNotExist]] = errors.DoesNotExist
    MultipleObjectsReturned: ClassVar[type[errors.MultipleObjectsReturned]] = errors.MultipleObjectsReturned

    sync: ClassVar[TwinDescriptor] = TwinDescriptor("sync")
    aio: ClassVar[TwinDescriptor] = TwinDescriptor("aio")

    def _private(self) -> dict[str, Any]:
        """``_snapshot`` and ``_partial`` by name: read here, not as attributes, on hot paths (Pydantic
        serves private attributes through ``BaseModel.__getattr__``, about 30 times slower)."""
        return self.__pydantic_private__  # type: ignore[return-value]

    def _is_partial(self) -> bool:
        return bool(self._private()["_partial"])

    def __iter__(self) -> Generator[tuple[str, Any]]:
        own_lists(self)
        for name in type(self)._fields:  # hands out every value: each may be changed in place
            watch(self, name)
        yield from super().__iter__()

    def __copy__(self) -> Self:
        # the copy shares the values: both watch what either reads or assigns
        self._private().setdefault("_watched", set())
        own_lists(self)  # shared with the copy, which may change them in place
        copied = super().__copy__()
        # a new document's record of what it was built as (``persistence.Built``) is its own: once
        # it is inserted it stops watching, so the copy validates every field when saved
        copied.__pydantic_private__.pop("_built", None)  # type: ignore[union-attr]
        return copied

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        if update:  # Pydantic adds their names to the copy's (a copy of this one's)
            own_fields_set(self)
        for name in update or ():  # first: a new document keeps the values it was validated with
            watch(self, name)
        copied = super().model_copy(update=update, deep=deep)
        for name in update or ():
            watch(copied, name)
        return copied

    def _bound_target(self) -> Target:
        # documents read from the database are built without this private value
        return self._private().get("_target", UNSWITCHED)  # type: ignore[no-any-return]

    def switch_db(self, alias: str) -> Self:
        """MongoEngine's ``doc.switch_db('archive').save()``: this document's next saves, deletes,
        reloads and updates go to connection ``alias``; the next save writes it whole (an upsert)."""
        return self._bind(alias=alias)

    def switch_collection(self, collection: str) -> Self:
        """``doc.switch_collection('old_users').save()``: as ``switch_db()``, for another collection."""
        return self._bind(collection=collection)

    def _bind(self, **change: str) -> Self:
        state = self._private()
        state["_target"] = replace(self._bound_target(), **change)
        state["_snapshot"] = None  # not known to be stored there: the next save writes it whole
        return self

    def to_dbref(self) -> DBRef:
        """A DBRef to this saved document (its collection and id)."""
        identity = persistence.identity_filter(self, "make a DBRef of")["_id"]
        return DBRef(self._meta.collection or "", identity)

    @property
    def pk(self) -> Any:
        """The primary key, as Django and MongoEngine name it: ``id``, or the field declared with
        ``primary_key=True`` (which ``id`` then holds)."""
        return self.id
