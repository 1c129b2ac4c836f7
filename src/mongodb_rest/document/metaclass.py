"""DocumentMetaclass: turns declared fields into Pydantic annotations and sets up each document class."""

from __future__ import annotations

import inspect
import sys
from functools import partialmethod
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import AliasChoices
from pydantic._internal._model_construction import ModelMetaclass, default_ignored_types
from pydantic.fields import FieldInfo

from .. import errors
from ..fields.base import BaseField, FieldAccess
from ..fields.containers import EmbeddedDocumentField, ListField
from ..fields.files import FileField
from ..fields.lazy import GenericLazyReferenceField, LazyReferenceAccess, LazyReferenceField
from ..fields.lists import EmbeddedDocumentListField
from ..fields.references import GenericReferenceField, ReferenceField
from ..indexes import check_declared_indexes
from . import registry
from .embedded_list import EmbeddedListAccess
from .implicit import native_field
from .lazy import FileAccess, LazyEmbedded, LazyReference
from .managers import ClassDescriptor
from .options import DocumentOptions

if TYPE_CHECKING:
    from .base import BaseDocument

_incomplete: list[type[BaseDocument]] = []


def _class_annotations(namespace: dict[str, Any]) -> dict[str, Any]:
    """The class body's own annotations (on Python 3.14+ they come as an ``__annotate__`` function)."""
    if "__annotations__" in namespace:
        return dict(namespace["__annotations__"])
    annotate = namespace.pop("__annotate__", None)
    if annotate is None or sys.version_info < (3, 14):
        return {}
    import annotationlib  # type: ignore[import-not-found,unused-ignore]

    return dict(annotationlib.call_annotate_function(annotate, annotationlib.Format.FORWARDREF))


class DocumentMetaclass(ModelMetaclass):
    """Builds document classes: declared fields become annotations Pydantic validates with."""

    def __new__(
        mcs,
        name: str,
        bases: tuple[type[Any], ...],
        namespace: dict[str, Any],
        twin_of: type[BaseDocument] | None = None,
        **kwargs: Any,
    ) -> type:
        if twin_of is not None:
            cls = super().__new__(mcs, name, bases, namespace, **kwargs)
            _copy_setup(cls, twin_of)
            return cls
        meta = namespace.pop("meta", None) or {}
        _apply_strict(name, meta, namespace, bases)
        declared = {key: value for key, value in namespace.items() if isinstance(value, BaseField)}
        annotations = _class_annotations(namespace)
        key_name = _primary_key(name, declared, namespace, annotations)
        for key, field in declared.items():
            annotations[key] = field.annotation()
            namespace[key] = field.field_info()
        if key_name is not None:  # MongoEngine's id aliases the key: ``id``, ``pk`` and its own name
            aliases = AliasChoices("id", key_name, "pk")
            namespace["id"] = FieldInfo.merge_field_infos(namespace["id"], validation_alias=aliases)
        for key in _plain_attributes(namespace, annotations, bases):
            annotations[key] = ClassVar[Any]
        namespace["__annotations__"] = annotations
        cls = super().__new__(mcs, name, bases, namespace, **kwargs)
        if key_name is not None:
            type.__setattr__(cls, "_id_field", key_name)
            type.__setattr__(cls, key_name, _key_alias(key_name))
        _setup(cls, declared, meta, library_base=namespace.get("__document_base__", False))
        return cls


def _apply_strict(
    name: str, meta: dict[str, Any], namespace: dict[str, Any], bases: tuple[type[Any], ...]
) -> None:
    """MongoEngine's ``meta['strict']``: False makes the class ignore undeclared keyword arguments (as
    its reader ignores undeclared stored keys), True refuses them again; subclasses inherit it."""
    if "strict" not in meta:
        return
    if not isinstance(meta["strict"], bool):
        raise errors.DefinitionError(f"{name}.meta strict must be True or False.")
    config = dict(namespace.get("model_config", {}))
    inherited = next(
        (base.model_config.get("extra") for base in bases if hasattr(base, "model_config")), None
    )
    if config.get("extra", inherited) == "allow":
        raise errors.DefinitionError(
            f"{name} is a dynamic document: it keeps undeclared fields, so meta['strict'] does not apply."
        )
    config["extra"] = "forbid" if meta["strict"] else "ignore"
    namespace["model_config"] = config


def _primary_key(
    name: str, declared: dict[str, BaseField[Any]], namespace: dict[str, Any], annotations: dict[str, Any]
) -> str | None:
    """The name of the field declared with ``primary_key=True``, which becomes the ``id`` field (stored
    as ``_id``; its name stays an alias); None when there is none. DefinitionError for two."""
    keys = [key for key, field in declared.items() if field.declared_primary_key]
    if len(keys) > 1:
        raise errors.DefinitionError(f"{name} declares several primary keys ({', '.join(keys)}): keep one.")
    if not keys or keys[0] == "id":
        return None
    if "id" in declared or "id" in annotations:
        raise errors.DefinitionError(
            f"{name}.{keys[0]} is the primary key, stored as _id: {name} cannot declare id too."
        )
    key = keys[0]
    declared["id"] = declared.pop(key)
    del namespace[key]
    annotations.pop(key, None)
    return key


def _key_alias(name: str) -> property:
    """A custom primary key's own name (``email`` of ``email = StringField(primary_key=True)``): it
    reads and assigns ``id``, the field that holds the key."""

    def read(document: Any) -> Any:
        return document.id

    def assign(document: Any, value: Any) -> None:
        document.id = value

    return property(read, assign, doc=f"The primary key ``{name}``: the document's ``id``.")


_KEPT_AS_IS = (*default_ignored_types(), FieldInfo, ClassDescriptor)  # functions, validators, properties...


def _plain_attributes(
    namespace: dict[str, Any], annotations: dict[str, Any], bases: tuple[type[Any], ...]
) -> list[str]:
    """The names of the class body's plain attributes (``TYPES = ('a', 'b')``, ``active = True``): class
    variables, as on any Python class, rather than the non-annotated attributes Pydantic refuses.

    Left out: annotated names, dunders and ``_private`` names, what Pydantic itself leaves alone
    (functions, properties, class and static methods, validators, ``functools`` wrappers, nested
    classes), ``Field()`` values, ``model_config``, and names that are fields of a base class
    (overriding a field with a plain value stays Pydantic's error).
    """
    inherited = {key for base in bases for key in getattr(base, "model_fields", {})}
    return [
        key
        for key, value in namespace.items()
        if key not in annotations
        and key != "model_config"
        and not key.startswith("_")
        and type(value).__module__ != "functools"
        and key not in inherited
        and not isinstance(value, _KEPT_AS_IS)
        and not (
            isinstance(value, type) and value.__qualname__.startswith(f"{namespace.get('__qualname__')}.")
        )
    ]


def _document_bases(cls: type[BaseDocument]) -> list[type[BaseDocument]]:
    return [base for base in cls.__bases__ if getattr(base, "_fields", None) is not None]


def _setup(
    cls: type[BaseDocument], declared: dict[str, BaseField[Any]], meta: dict[str, Any], library_base: bool
) -> None:
    bases = _document_bases(cls)
    parent = bases[0] if bases else None
    inherited: dict[str, BaseField[Any]] = {}
    for base in reversed(bases):
        inherited.update(base._fields)
    fields: dict[str, BaseField[Any]] = {}
    for key, info in cls.model_fields.items():
        field = declared.get(key) or inherited.get(key)
        if field is None or (key in inspect.get_annotations(cls) and key not in declared):
            field = native_field(key, info)
        field.attach(key, cls)
        fields[key] = field
    cls._fields = fields
    if library_base:
        return
    parent_options = (
        parent._meta if parent is not None and not parent.__dict__.get("__document_base__") else None
    )
    cls._meta = DocumentOptions.build(cls.__name__, cls.__module__, meta, parent_options, cls._embedded)
    cls._meta.field_map, cls._meta.concrete_model = fields, cls
    _check_subclassing(cls, parent_options)
    if not cls._meta.abstract and not cls._embedded:
        check_declared_indexes(cls)
    inheriting = (
        parent_options is not None and not parent_options.abstract and parent_options.allow_inheritance
    )
    cls._class_name = f"{parent._class_name}.{cls.__name__}" if inheriting and parent else cls.__name__
    cls._subclasses = {cls._class_name: cls}
    if inheriting and parent is not None:
        for ancestor in parent.__mro__:
            known = ancestor.__dict__.get("_subclasses")
            if known is not None and not ancestor.__dict__.get("__document_base__"):
                known[cls._class_name] = cls
    _make_exceptions(cls, bases)
    _install_field_access(cls, declared)
    _install_choice_displays(cls)
    cls._build_codec()
    registry.register(cls)
    _resolve_forward_references(cls)


def _check_subclassing(cls: type[BaseDocument], parent: DocumentOptions | None) -> None:
    if parent is not None and not parent.abstract and not parent.allow_inheritance and not parent.embedded:
        raise TypeError(
            f"{cls.__name__} cannot subclass the document {parent.object_name}: "
            f"set meta = {{'allow_inheritance': True}} on {parent.object_name} (or make it abstract)."
        )


def _install_field_access(cls: type[BaseDocument], declared: dict[str, BaseField[Any]]) -> None:
    own = inspect.get_annotations(cls)
    for name, field in cls._fields.items():
        if (
            name not in declared
            and name not in own
            and isinstance(inspect.getattr_static(cls, name, None), FieldAccess)
        ):
            continue  # inherited from a document class, which has the descriptor (not from a plain model)
        inner = field.field if isinstance(field, ListField) else field
        if isinstance(field, EmbeddedDocumentListField):
            type.__setattr__(cls, name, EmbeddedListAccess(name))
        elif isinstance(inner, (LazyReferenceField, GenericLazyReferenceField)):
            type.__setattr__(cls, name, LazyReferenceAccess(name))
        elif isinstance(inner, (ReferenceField, GenericReferenceField)):
            type.__setattr__(cls, name, LazyReference(name))
        elif isinstance(inner, EmbeddedDocumentField):
            type.__setattr__(cls, name, LazyEmbedded(name))
        elif isinstance(field, FileField):
            type.__setattr__(cls, name, FileAccess(name))
        elif not field.immutable and not cls._embedded:  # its holder watches an embedded document
            type.__setattr__(cls, name, FieldAccess(name))


def _install_choice_displays(cls: type[BaseDocument]) -> None:
    """``get_<field>_display()`` for each field with choices (unless the class defines one)."""
    for name, field in cls._fields.items():
        method = f"get_{name}_display"
        if _choice_labels(field) is not None and not hasattr(cls, method):
            type.__setattr__(cls, method, partialmethod(_choice_display, name))


def _choice_labels(field: BaseField[Any]) -> dict[Any, str] | None:
    if field.flatchoices is None and isinstance(field, ListField) and field.field is not None:
        field = field.field
    return None if field.flatchoices is None else dict(field.flatchoices)


def _choice_display(document: BaseDocument, name: str) -> Any:
    """The label of a field's value among its choices (labels joined by spaces for a list); the value
    itself when the choices are plain values or it is not among them."""
    labels = _choice_labels(type(document)._fields[name]) or {}
    value = getattr(document, name)
    if isinstance(value, list):
        return " ".join(str(labels.get(item, item)) for item in value)
    label = labels.get(value, value) if value is not None else None
    return value if label == str(value) else label


def _make_exceptions(cls: type[BaseDocument], bases: list[type[BaseDocument]]) -> None:
    if cls._embedded:
        return
    for kind in ("DoesNotExist", "MultipleObjectsReturned"):
        parents = tuple(dict.fromkeys(getattr(base, kind) for base in bases if hasattr(base, kind)))
        parents = parents or (getattr(errors, kind),)
        exc = type(
            kind, parents, {"__module__": cls.__module__, "__qualname__": f"{cls.__qualname__}.{kind}"}
        )
        setattr(cls, kind, exc)


def _resolve_forward_references(cls: type[BaseDocument]) -> None:
    """Finish classes whose annotations named classes not yet defined."""
    if not cls.__pydantic_complete__:
        _incomplete.append(cls)
    names = registry.namespace()
    for waiting in list(_incomplete):
        module = sys.modules.get(waiting.__module__)
        local = {**names, **(vars(module) if module is not None else {})}
        if waiting.model_rebuild(raise_errors=False, _types_namespace=local):
            _incomplete.remove(waiting)


def _copy_setup(twin: type[BaseDocument], original: type[BaseDocument]) -> None:
    """A twin shares everything that defines the document with the class it mirrors."""
    for attr in ("_fields", "_meta", "_class_name", "_subclasses", "DoesNotExist", "MultipleObjectsReturned"):
        setattr(twin, attr, getattr(original, attr))
    twin._twin_of = original
    # the face's base comes first in a twin's bases: without this, Pydantic's hook would be its own
    type.__setattr__(twin, "model_post_init", original.model_post_init)
    twin._build_codec()
