"""DocumentOptions: a document class's parsed ``meta`` (Django's ``_meta`` for documents)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist

from ..errors import OperationError

if TYPE_CHECKING:
    from .base import BaseDocument

KNOWN_OPTIONS = frozenset(
    {
        "collection",
        "db_alias",
        "indexes",
        "ordering",
        "max_documents",
        "max_size",
        "allow_inheritance",
        "abstract",
        "auto_create_index",
        "verbose_name",
        "verbose_name_plural",
        "app_label",
        "validator",
        "queryset_class",
        "shard_key",
        "versioned",
        "version_field",
        "strict",
    }
)
INHERITED_OPTIONS = (
    "db_alias",
    "ordering",
    "allow_inheritance",
    "auto_create_index",
    "app_label",
    "validator",
    "queryset_class",
    "shard_key",
    "versioned",
    "version_field",
    "strict",
)


def snake_case(name: str) -> str:
    """``BlogPost`` -> ``blog_post``, ``HTTPRequest`` -> ``http_request``."""
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


@dataclass
class DocumentOptions:
    """What a document class declares in ``meta``, with inherited and default values filled in."""

    object_name: str
    app_label: str
    collection: str | None = None
    db_alias: str = "default"
    indexes: list[Any] = field(default_factory=list)
    ordering: list[str] = field(default_factory=list)
    max_documents: int | None = None
    max_size: int | None = None
    allow_inheritance: bool = False
    abstract: bool = False
    auto_create_index: bool = True
    validator: bool = False  # create the collection with the model's $jsonSchema validator
    queryset_class: Any = None  # the QuerySet subclass of Model.objects on the class's face
    shard_key: tuple[str, ...] = ()  # fields the collection is sharded on: in every one-document filter
    versioned: bool = False  # optimistic concurrency: every write increments a stored version
    version_field: str = "_version"  # the stored key of the version of a versioned document
    strict: bool = True  # False: undeclared keyword arguments and stored keys are ignored
    verbose_name: str = ""
    verbose_name_plural: str = ""
    embedded: bool = False
    field_map: dict[str, Any] = field(default_factory=dict, repr=False)  # name -> field, set by the class
    concrete_model: Any = field(default=None, repr=False)  # the document class, as Django names it

    @property
    def fields(self) -> list[Any]:
        """The document's fields, in declaration order (Django's ``_meta.fields``)."""
        return list(self.field_map.values())

    @property
    def pk(self) -> Any:
        """The ``id`` field (None on embedded documents)."""
        return self.field_map.get("id")

    def get_field(self, name: str) -> Any:
        """The field called ``name``; Django's ``FieldDoesNotExist`` when there is none."""
        try:
            return self.field_map["id" if name == "pk" else name]
        except KeyError:
            raise FieldDoesNotExist(f"{self.object_name} has no field named {name!r}.") from None

    @property
    def model_name(self) -> str:
        """The lower-cased class name, as Django names models."""
        return self.object_name.lower()

    @property
    def app_config(self) -> Any:
        """The Django app the document belongs to (None when ``app_label`` is not an installed app)."""
        from django.apps import apps

        try:
            return apps.get_app_config(self.app_label)
        except LookupError:
            return None

    @property
    def label(self) -> str:
        """``app_label.ObjectName``."""
        return f"{self.app_label}.{self.object_name}"

    @property
    def capped(self) -> bool:
        """True when the collection is capped."""
        return self.max_documents is not None or self.max_size is not None

    @classmethod
    def build(
        cls, name: str, module: str, meta: dict[str, Any], parent: DocumentOptions | None, embedded: bool
    ) -> DocumentOptions:
        """Parse ``meta`` of class ``name``, inheriting from the nearest document base's options."""
        unknown = sorted(set(meta) - KNOWN_OPTIONS)
        if unknown:
            raise TypeError(f"{name}.meta has unknown option(s): {', '.join(unknown)}.")
        values: dict[str, Any] = {}
        inherited_indexes: list[Any] = []
        if parent is not None:
            values.update({key: getattr(parent, key) for key in INHERITED_OPTIONS})
            inherited_indexes = list(parent.indexes)
            if not parent.abstract and parent.allow_inheritance:
                values["collection"] = parent.collection
                values["max_documents"], values["max_size"] = parent.max_documents, parent.max_size
        values.update(meta)
        values["indexes"] = inherited_indexes + [
            s for s in meta.get("indexes", []) if s not in inherited_indexes
        ]
        values.setdefault("app_label", module.split(".")[-2] if "." in module else module)
        if isinstance(values.get("shard_key"), str):
            values["shard_key"] = (values["shard_key"],)
        values["shard_key"] = tuple(values.get("shard_key", ()))
        options = cls(object_name=name, embedded=embedded, **values)
        if options.collection is None and not options.abstract and not embedded:
            options.collection = snake_case(name)
        options.verbose_name = options.verbose_name or snake_case(name).replace("_", " ")
        options.verbose_name_plural = options.verbose_name_plural or f"{options.verbose_name}s"
        if options.max_size is not None and options.max_size <= 0:
            raise TypeError(f"{name}.meta max_size must be a positive number of bytes.")
        return options


def collection_name(cls: type[BaseDocument]) -> str:
    """The collection of ``cls``; OperationError for abstract and embedded documents."""
    name = cls._meta.collection
    if name is None:
        raise OperationError(f"{cls.__name__} is abstract or embedded: it has no collection.")
    return name
