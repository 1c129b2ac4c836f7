"""BaseField: a declared document field, its Pydantic annotation and its BSON conversion."""

from __future__ import annotations

from abc import ABC
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Self, TypeGuard, TypeVar, overload

from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from pydantic import AfterValidator, BeforeValidator, Field, TypeAdapter
from pydantic import ValidationError as PydanticValidationError
from pydantic.fields import FieldInfo

from ..document.registry import get_document
from ..errors import DefinitionError, ValidationError
from .kinds import FieldKind

if TYPE_CHECKING:
    from ..document.base import BaseDocument

T = TypeVar("T")

MISSING: Any = object()
"""Sentinel for 'no default given'."""


class AnyDocument(ABC):  # noqa: B024 (a class to test against, with nothing to implement)
    """Documents of every class, as fields (which documents are built on) see them: ``BaseDocument``
    registers itself, so ``isinstance(value, AnyDocument)`` is True for any document."""


def is_document(value: Any) -> TypeGuard[BaseDocument]:
    """True for a document (top-level or embedded) of any class."""
    return isinstance(value, AnyDocument)


def is_document_class(value: Any) -> TypeGuard[type[BaseDocument]]:
    """True for a document class."""
    return isinstance(value, type) and issubclass(value, AnyDocument)


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1  # what a BSON integer holds


def fits_int64(value: int) -> bool:
    """True when BSON can hold the integer ``value`` (compared, never ``in range()``: for int
    subclasses such as bson's Int64 that is a linear scan)."""
    return INT64_MIN <= value <= INT64_MAX


def watch(document: BaseDocument, name: str) -> None:
    """Mark the field ``name`` of a top-level ``document`` as one its saves compare with what is stored:
    it was assigned, or its value (mutable) was read and may be changed in place, now or through a
    reference kept for later. Nothing for embedded documents (their holder's field is watched).
    A new document that tracks its fields (``document.persistence.Built``) first remembers the
    field's stored form as it is before it can change (as validated when built, or as assigned)."""
    private = document.__pydantic_private__
    if private is not None:
        watched = private.get("_watched", MISSING)
        if watched is MISSING:
            private["_watched"] = {name}
        elif watched is not None and name not in watched:  # None: every field is compared already
            watched.add(name)
            built = private.get("_built")
            if built is not None:
                built.keep(document, name)


class LoadedNames(set[str]):
    """The names of the fields a partial load set: one set shared by the documents it read until one
    of them is assigned a field (``own_fields_set`` gives it its own first). A set, as Pydantic's
    serializer wants one (``model_dump(exclude_unset=True)``)."""

    __slots__ = ()


def own_fields_set(document: BaseDocument) -> set[str]:
    """The names of the fields set on ``document`` (``model_fields_set``), as a set of its own to add to
    (see ``LoadedNames``)."""
    names: set[str] = document.__pydantic_fields_set__
    if type(names) is not LoadedNames:
        return names
    fields_set = set(names)
    object.__setattr__(document, "__pydantic_fields_set__", fields_set)
    return fields_set


class UnreadList(list[Any]):
    """The one empty list that partial loads leave in a document's values for each list field they do
    not load (a list per document per unloaded field costs more than the rest of the field), until
    the field is read: ``FieldAccess`` then gives the document its own. It is never changed: changes
    through the instance dict are refused, and copies and pickles of it are plain lists."""

    __slots__ = ()

    def _refused(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError(
            "This list is not loaded (a partial load left it out): change it through the document's "
            "attribute (doc.tags.append(...)), not through doc.__dict__ or vars(doc)."
        )

    append = extend = insert = remove = pop = clear = sort = reverse = _refused
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refused

    def __reduce__(self) -> tuple[type[list[Any]], tuple[()]]:
        return list, ()


UNREAD_LIST = UnreadList()


def own_lists(document: BaseDocument) -> None:
    """Give ``document`` its own empty list in place of ``UNREAD_LIST`` (before its values are handed
    out or shared with a copy)."""
    values = document.__dict__
    for name, value in values.items():
        if value is UNREAD_LIST:
            values[name] = []


class FieldAccess:
    """The descriptor of a field whose value is mutable (a list, a dict, an embedded document...):
    reading it marks the field watched (see ``watch``), so that a save compares only the fields that
    were assigned or read, never an untouched long list. Subclasses read the stored value in their own
    way; writes go to the instance (Pydantic's ``__setattr__`` validates assignments first).
    Fields are not class attributes: reading one on the class raises AttributeError, so that Pydantic
    does not take it for an inherited default."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, document: BaseDocument | None, owner: type[Any]) -> Any:
        if document is None:
            raise AttributeError(self.name)
        watch(document, self.name)
        value = document.__dict__.get(self.name)
        if value is UNREAD_LIST:  # a list field a partial load left out: the document's own from now
            value = document.__dict__[self.name] = []
        return value

    def __set__(self, document: BaseDocument, value: Any) -> None:
        document.__dict__[self.name] = value

    def __delete__(self, document: BaseDocument) -> None:
        try:
            del document.__dict__[self.name]
        except KeyError:
            raise AttributeError(self.name) from None


_lookups: dict[str, Any] = {}


def register_lookups(lookups: Mapping[str, Any]) -> None:
    """Record the query layer's lookups (``gte``, ``icontains``...), which ``get_lookup`` answers from."""
    _lookups.update(lookups)


def django_messages(error: DjangoValidationError) -> str:
    """The messages of a Django ValidationError (lazy translations need configured settings)."""
    try:
        return " ".join(str(message) for message in error.messages)
    except ImproperlyConfigured:
        return "Invalid value."


def as_value_error(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Wrap a user or Django validator so every failure reaches Pydantic as a ValueError."""

    def run(value: Any) -> Any:
        try:
            result = check(value)
        except DjangoValidationError as exc:
            raise ValueError(django_messages(exc)) from None
        if result is False:
            raise ValueError("Invalid value.")
        return value

    return run


def refuse_operator_dicts(value: Any) -> Any:
    """``value``; ValueError when it is a dict with an operator key (``{'$set': ...}``)."""
    if isinstance(value, dict):
        for key in value:  # a loop, not any() over a generator: this runs for every value validated
            if isinstance(key, str) and key[:1] == "$":
                raise ValueError("Operator dicts are not valid field values.")
    return value


def labelled_choices(choices: Iterable[Any]) -> list[tuple[Any, str]]:
    """``(value, label)`` pairs of ``['a', 'b']`` or ``[('a', 'Label'), ...]`` (a bare value is its label)."""
    pairs = []
    for choice in choices:
        if isinstance(choice, (tuple, list)) and len(choice) == 2:
            pairs.append((choice[0], str(choice[1])))
        else:
            pairs.append((choice, str(choice)))
    return pairs


def _refuse_operator_dicts_in_query(field: BaseField[Any], value: Any) -> None:
    try:
        refuse_operator_dicts(value)
    except ValueError as exc:
        raise ValidationError(errors={field.name or "value": [str(exc)]}) from None


def _unknown_options(field_type: type[Any], unknown: dict[str, Any]) -> Exception:
    import inspect

    known = sorted(
        {
            name
            for klass in field_type.__mro__
            if "__init__" in klass.__dict__ and klass is not object
            for name, parameter in inspect.signature(klass.__dict__["__init__"]).parameters.items()
            if name != "self" and parameter.kind is not inspect.Parameter.VAR_KEYWORD
        }
    )
    names = ", ".join(repr(name) for name in sorted(unknown))
    return DefinitionError(
        f"{field_type.__name__} has no option {names}; its options are {', '.join(known)}."
    )


def _check_db_field(field_type: type[Any], db_field: Any) -> None:
    if (
        not isinstance(db_field, str)
        or not db_field
        or "." in db_field
        or db_field.startswith("$")
        or "\x00" in db_field
    ):
        raise DefinitionError(
            f"{field_type.__name__}(db_field={db_field!r}): a stored key is a non-empty string without "
            "'.', NUL or a leading '$'."
        )


class BaseField[T]:
    """A declared field: ``name = StringField(required=True)``.

    Each field knows the Python annotation Pydantic validates with (``annotation()``), its default and
    options (``field_info()``), and how its value is stored (``to_mongo``) and read back (``to_python``).
    """

    kind: ClassVar[FieldKind] = FieldKind("any")  # what the field means to schemas, filters, integrations
    python_type: Any = Any
    encodes = False  # True when to_mongo is not the identity
    decodes = False  # True when to_python is not the identity
    immutable = False  # True when stored values are immutable (a list of them is copied shallowly)
    refuses_dicts = False  # True when the value's annotation refuses operator dicts itself (or any dict)
    exact_query_types: tuple[type, ...] = ()  # query values of exactly these types need no conversion
    remote_field = None  # Django's relation attribute: documents have no SQL relations

    def __init__(
        self,
        *,
        required: bool = False,
        default: Any = MISSING,
        unique: bool = False,
        unique_with: str | Iterable[str] | None = None,
        choices: Iterable[Any] | None = None,
        validation: Callable[[Any], Any] | None = None,
        db_field: str | None = None,
        help_text: str | None = None,
        verbose_name: str | None = None,
        null: bool = False,
        sparse: bool | None = None,
        primary_key: bool = False,
        **unknown: Any,
    ) -> None:
        if unknown:
            raise _unknown_options(type(self), unknown)
        if db_field is not None:
            _check_db_field(type(self), db_field)
        self.null = null  # None is stored as null instead of leaving the key out
        self.sparse = sparse  # a unique index skips documents without the field (default: not required)
        self.required = required or primary_key
        self.declared_primary_key = primary_key  # stored as _id: the document's ``id`` (see metaclass)
        self.default = default
        self.unique_with = [unique_with] if isinstance(unique_with, str) else list(unique_with or [])
        self.unique = unique or bool(self.unique_with)
        self.flatchoices = labelled_choices(choices) if choices is not None else None  # Django's name
        self.choices = tuple(value for value, _ in self.flatchoices) if self.flatchoices is not None else None
        self.validation = validation
        self.db_field = db_field
        self.help_text = help_text
        self.verbose_name = verbose_name
        self.name = ""  # set when the document class is built
        self.owner: type[Any] | None = None

    def resolve_document(self, document_type: Any) -> Any:
        """A document class given by name, looked up in the module that declared this field first."""
        return get_document(document_type, self.owner_module)

    def attach(self, name: str, owner: type[Any]) -> None:
        """Name this field and record the document class that declared it."""
        self.name = name
        self.owner = self.owner or owner

    @property
    def owner_module(self) -> str | None:
        """The module of the document class that declared this field (where names resolve first)."""
        return self.owner.__module__ if self.owner else None

    @property
    def primary_key(self) -> bool:
        """True for ``id`` (Django's ``Field.primary_key``)."""
        return self.name == "id"

    def get_lookup(self, name: str) -> Any:
        """The lookup ``name`` (``gte``, ``icontains``, ...) when queries on this field accept it, else None
        (Django's ``Field.get_lookup``)."""
        return _lookups.get(name)

    @property
    def db_key(self) -> str:
        """The key this field is stored under."""
        if self.name == "id":
            return "_id"
        return self.db_field or self.name

    # -- validation ------------------------------------------------------------------------------------
    def base_annotation(self) -> Any:
        """The Python type (with constraints) of a present value."""
        return self.python_type

    def validators(self) -> list[Any]:
        """Pydantic validators applied after the base type validated."""
        checks: list[Any] = []
        if self.choices is not None:
            allowed, is_choice = self.choices, self.is_choice

            def check_choice(value: Any) -> Any:
                if not is_choice(value):
                    raise ValueError(f"Value must be one of {list(allowed)!r}.")
                return value

            checks.append(AfterValidator(check_choice))
        if self.validation is not None:
            checks.append(AfterValidator(as_value_error(self.validation)))
        return checks

    def builds_values(self, seen: set[type[Any]]) -> bool:
        """True when a validated value of this field never holds a mutable object it was given: it is
        immutable, or a container (a list, a dict, an embedded document) validation builds anew of
        such values, so that the caller keeps no way to change it in place. ``seen``: the embedded
        document classes being looked at (one embedding itself is answered by the others)."""
        return self.immutable

    def is_choice(self, value: Any) -> bool:
        """True when a validated value is one of ``choices``."""
        return value in (self.choices or ())

    def value_annotation(self) -> Any:
        """The annotation of a present (non-None) value, with every check."""
        checks = self.validators()
        if not self.refuses_dicts:
            checks.insert(0, BeforeValidator(refuse_operator_dicts))
        return Annotated[self.base_annotation(), *checks] if checks else self.base_annotation()

    def annotation(self) -> Any:
        """The full annotation Pydantic validates this field with."""
        value = self.value_annotation()
        return value if self.is_required_value() else value | None

    def is_required_value(self) -> bool:
        """True when None is refused."""
        return self.required

    def field_info(self) -> FieldInfo:
        """Default and documentation for Pydantic."""
        kwargs: dict[str, Any] = {}
        if self.help_text:
            kwargs["description"] = self.help_text
        if self.verbose_name:
            kwargs["title"] = self.verbose_name
        default = self.default
        if default is MISSING:
            default = self.implicit_default()
        if default is MISSING:
            if not self.required:
                kwargs["default"] = None
        elif callable(default):
            kwargs["default_factory"] = default
        else:
            kwargs["default"] = default
        info: FieldInfo = Field(**kwargs)
        return info

    def implicit_default(self) -> Any:
        """The default a field has when none is given (``MISSING``: None, or required)."""
        return MISSING

    def query_annotation(self) -> Any:
        """The type a value compared with this field in a query is converted to (no constraints)."""
        return self.python_type

    def to_query(self, value: Any) -> Any:
        """A query value converted to the stored form (type only, no constraints); ValidationError if it
        cannot be."""
        if value is None:
            return None
        if type(value) in self.exact_query_types:
            if type(value) is int and not INT64_MIN <= value <= INT64_MAX:
                raise ValidationError(errors={self.name or "value": [f"{value} is not a 64-bit integer."]})
            return self.to_mongo(value) if self.encodes else value
        _refuse_operator_dicts_in_query(self, value)
        return self.to_mongo(self._check("_query_adapter", self.query_annotation, value))

    def to_stored(self, value: Any) -> Any:
        """A value to write, validated with every constraint of the field, in its stored form."""
        checked = self._check("_write_adapter", self.annotation, value)
        return None if checked is None else self.to_mongo(checked)

    def _check(self, slot: str, annotation: Callable[[], Any], value: Any) -> Any:
        adapter = self.__dict__.get(slot)
        if adapter is None:
            adapter = self.__dict__[slot] = TypeAdapter(annotation())
        try:
            return adapter.validate_python(value)
        except PydanticValidationError as exc:
            messages = [
                str((e.get("ctx") or {}).get("error") or e["msg"]) for e in exc.errors(include_url=False)
            ]
            raise ValidationError(errors={self.name or "value": messages}) from None

    # -- storage -----------------------------------------------------------------------------------------
    def to_mongo(self, value: Any) -> Any:
        """The BSON-ready form of a validated, non-None value."""
        return value

    def to_python(self, value: Any) -> Any:
        """The Python value of a stored, non-None value (trusted: no validation)."""
        return value

    def decoder(self) -> Callable[[Any], Any] | None:
        """The fastest callable doing ``to_python``, for generated readers (None: stored as read)."""
        return self.to_python if self.decodes else None

    if TYPE_CHECKING:

        @overload
        def __get__(self, instance: None, owner: type[Any]) -> Self: ...

        @overload
        def __get__(self, instance: object, owner: type[Any]) -> T | None: ...

        def __get__(self, instance: object | None, owner: type[Any]) -> Self | T | None: ...

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name or '(unbound)'}>"
