"""DocumentSerializer: a ModelSerializer for documents, usable from DRF (sync) and adrf (async) views."""

from __future__ import annotations

import copy
from collections.abc import Coroutine, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, ClassVar

from adrf.serializers import ListSerializer, Serializer
from asgiref.sync import sync_to_async
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.fields import SkipField
from rest_framework.serializers import LIST_SERIALIZER_KWARGS

from ..aio import files as aio_files
from ..aio.flows import run_flow as arun_flow
from ..document.base import BaseDocument, TopLevelDocument
from ..document.persistence import is_stored
from ..document.twins import on_face
from ..errors import NotUniqueError, ValidationError
from ..query.base import BaseQuerySet
from ..query.related import load_related
from ..sync import files as sync_files
from ..sync.flows import run_flow
from . import fields as api_fields
from . import polymorphic
from .dynamic import add_undeclared, shows_undeclared, undeclared_values, with_undeclared
from .exceptions import as_api_exception
from .field_mapping import build_field, merge_options, register_nesting
from .representation import Represent, compile_representation

ALL_FIELDS = "__all__"
FORM_KEYS = frozenset({"csrfmiddlewaretoken"})  # sent by HTML forms, never a field
INLINE_FIELD_MODULES = frozenset({"rest_framework.fields", api_fields.__name__, polymorphic.__name__})


class DocumentListSerializer(ListSerializer):
    """Lists of documents: ``adata`` iterates an async-face QuerySet with ``async for``; references
    shown nested (``depth``) are loaded for the whole list at once; ``save()``/``asave()`` return
    stored documents, as the child serializer's do."""

    def save(self, **kwargs: Any) -> Any:
        written_by = _written_by(type(self.child), self.instance is None, asynchronous=False)
        return _stored(super().save(**kwargs), written_by)

    async def asave(self, **kwargs: Any) -> Any:
        written_by = _written_by(type(self.child), self.instance is None, asynchronous=True)
        return _stored(await super().asave(**kwargs), written_by)

    def to_representation(self, data: Any) -> list[Any]:
        items = list(data)
        names = self.child.nested_references()
        if names and items and items[0]._face == "sync":
            run_flow(load_related(items, names))
        represent = self.child.representer()
        return [represent(item) for item in items]

    async def ato_representation(self, data: Any) -> list[Any]:
        if isinstance(data, BaseQuerySet) and data.model._face == "aio":
            items = [item async for item in data]  # type: ignore[attr-defined]
        else:
            items = list(data)
        names = self.child.nested_references()
        if names and items:
            await arun_flow(load_related(items, names))
        if (
            self.child.inline()
            and type(self.child).ato_representation is DocumentSerializer.ato_representation
        ):
            represent = self.child.representer()
            return [represent(item) for item in items]
        return [await self.child.ato_representation(item) for item in items]


class DocumentSerializer(Serializer):
    """Serializer fields derived from ``Meta.model``'s fields (``fields``, ``exclude``,
    ``read_only_fields``, ``extra_kwargs``, ``depth``); ``save()``/``create()``/``update()`` use the sync
    face and ``asave()``/``acreate()``/``aupdate()`` the async face, so one class serves DRF and adrf
    views. Input naming no field is refused (``Meta.allow_unknown_fields = True`` ignores it)."""

    Meta: ClassVar[Any]

    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any) -> Any:
        """``many=True``: ``Meta.list_serializer_class``, by default a DocumentListSerializer."""
        sizes = {key: kwargs.pop(key) for key in ("allow_empty", "max_length", "min_length") if key in kwargs}
        list_kwargs = {key: value for key, value in kwargs.items() if key in LIST_SERIALIZER_KWARGS}
        list_kwargs.update(child=cls(*args, **kwargs), **{k: v for k, v in sizes.items() if v is not None})
        list_class = getattr(getattr(cls, "Meta", None), "list_serializer_class", DocumentListSerializer)
        return list_class(*args, **list_kwargs)

    def get_fields(self) -> dict[str, serializers.Field]:
        declared: dict[str, Any] = copy.deepcopy(self._declared_fields)
        meta = self.Meta
        model: type[BaseDocument] = meta.model
        wanted = getattr(meta, "fields", ALL_FIELDS)
        excluded = set(getattr(meta, "exclude", ()))
        names = list(model._fields) if wanted == ALL_FIELDS else list(wanted)
        read_only = getattr(meta, "read_only_fields", ())
        if not isinstance(read_only, (list, tuple, set, frozenset)):
            raise TypeError(
                f"{type(self).__name__}.Meta.read_only_fields must be a list or tuple of field names, "
                f"not {type(read_only).__name__}."
            )
        extra = getattr(meta, "extra_kwargs", {})
        depth = getattr(meta, "depth", 0)
        result: dict[str, Any] = {}
        for name in names:
            if name in excluded:
                continue
            if name in declared:
                result[name] = declared.pop(name)
                continue
            overrides = {**({"read_only": True} if name in read_only else {}), **extra.get(name, {})}
            source = overrides.get("source", name)
            if source not in model._fields:
                raise ValueError(
                    f"{type(self).__name__}.Meta.fields names {name!r}, not a field of {model.__name__}"
                    + (f" (its extra_kwargs source is {source!r})." if source != name else ".")
                )
            if source == "id" and model._id_field == "id":  # generated: a custom key is written
                result[name] = api_fields.ObjectIdField(**merge_options({"read_only": True}, overrides))
            else:
                result[name] = build_field(model._fields[source], overrides, depth)
        result.update(declared)  # SerializerMethodFields and other extra declared fields
        self._check_extra_kwargs(extra, model, names)
        return result

    def _check_extra_kwargs(self, extra: dict[str, Any], model: type[BaseDocument], names: list[str]) -> None:
        """Refuse ``extra_kwargs`` that would change nothing: a declared field's, or a misspelt name's."""
        for name in extra:
            if name in self._declared_fields:
                raise ValueError(
                    f"{type(self).__name__}.Meta.extra_kwargs[{name!r}] would be ignored: {name!r} is a "
                    "declared field; pass these options to its constructor."
                )
            if name not in model._fields and name not in names:
                owner = f"{type(self).__name__}.Meta.extra_kwargs"
                raise ValueError(f"{owner} names {name!r}, not a field of {model.__name__}.")

    # -- input -----------------------------------------------------------------------------------------
    def to_internal_value(self, data: Any) -> Any:
        undeclared: dict[str, Any] = {}
        if isinstance(data, Mapping) and not getattr(self.Meta, "allow_unknown_fields", False):
            unknown = [str(key) for key in data if key not in self.fields and key not in FORM_KEYS]
            if unknown and shows_undeclared(self):  # a dynamic document's own fields
                excluded = set(getattr(self.Meta, "exclude", ())) | self.Meta.model._fields.keys()
                undeclared = undeclared_values(data, [key for key in unknown if key not in excluded])
                unknown = [key for key in unknown if key in excluded]
            if unknown:
                raise DRFValidationError({key[:64]: ["Unknown field."] for key in sorted(unknown)[:20]})
        values = {**super().to_internal_value(data), **undeclared}
        if self.Meta.model._embedded and not getattr(self.root, "partial", False):
            with _as_drf_errors():
                self.Meta.model(**values)  # the embedded document's own checks, as field errors now
        return values

    def _document(self, face: str) -> type[Any]:
        model: type[BaseDocument] = self.Meta.model
        return model if model._embedded else model.twin(face)

    def _split(self, validated_data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """Values for the document's fields, and the uploaded files for its file fields."""
        uploads = {
            name: value
            for name, value in validated_data.items()
            if value is not None and isinstance(self.fields.get(name), api_fields.FileField)
        }
        return {k: v for k, v in validated_data.items() if k not in uploads}, uploads

    def _apply(self, instance: Any, values: dict[str, Any]) -> Any:
        for name, value in values.items():
            if self.partial and isinstance(value, dict) and isinstance(self.fields.get(name), Serializer):
                current = getattr(instance, name, None)
                value = {**dict(current), **value} if isinstance(current, BaseDocument) else value
            setattr(instance, name, value)
        return instance

    def create(self, validated_data: dict[str, Any]) -> Any:
        values, uploads = self._split(validated_data)
        with _as_drf_errors():
            document = self._document("sync")(**values)
            return sync_files.save_with_files(document, uploads)

    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        values, uploads = self._split(validated_data)
        with _as_drf_errors():
            sync_files.save_with_files(on_face(self._apply(instance, values), "sync"), uploads)
        return instance

    async def acreate(self, validated_data: dict[str, Any]) -> Any:
        if type(self).create is not DocumentSerializer.create:  # the user's own create() runs, in a thread
            created = await sync_to_async(self.create)(validated_data)
            return on_face(created, "aio") if isinstance(created, BaseDocument) else created
        values, uploads = self._split(validated_data)
        with _as_drf_errors():
            document = self._document("aio")(**values)
            return await aio_files.save_with_files(document, uploads)

    async def aupdate(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        if type(self).update is not DocumentSerializer.update:  # the user's own update() runs, in a thread
            updated = await sync_to_async(self.update)(on_face(instance, "sync"), validated_data)
            return on_face(updated, "aio") if isinstance(updated, BaseDocument) else updated
        values, uploads = self._split(validated_data)
        with _as_drf_errors():
            await aio_files.save_with_files(on_face(self._apply(instance, values), "aio"), uploads)
        return instance

    def save(self, **kwargs: Any) -> Any:
        """DRF's ``save()``; the document ``create()``/``update()`` returns must be stored."""
        written_by = _written_by(type(self), self.instance is None, asynchronous=False)
        return _stored(super().save(**kwargs), written_by)

    async def asave(self, **kwargs: Any) -> Any:
        """adrf's ``asave()``; the document ``acreate()``/``aupdate()`` (or the serializer's own
        ``create()``/``update()``) returns must be stored."""
        written_by = _written_by(type(self), self.instance is None, asynchronous=True)
        return _stored(await super().asave(**kwargs), written_by)

    # -- output ----------------------------------------------------------------------------------------
    def to_representation(self, instance: Any) -> Any:
        """DRF's ``Serializer.to_representation``, by a function compiled once per serializer class and
        field set (see ``representation.py``)."""
        return self._compiled()(instance)

    def representer(self) -> Represent:
        """The function showing one instance: the compiled one, or this serializer's own
        ``to_representation`` when its class overrides it."""
        if type(self).to_representation is DocumentSerializer.to_representation:
            return self._compiled()
        return self.to_representation

    def _compiled(self) -> Represent:
        compiled: Represent | None = self.__dict__.get("_compiled_representation")
        if compiled is None:  # bound once per serializer
            compiled = compile_representation(self)
            if shows_undeclared(self):
                compiled = with_undeclared(compiled, frozenset(getattr(self.Meta, "exclude", ())))
            self.__dict__["_compiled_representation"] = compiled
        return compiled

    def nested_references(self) -> tuple[str, ...]:
        """The reference fields shown as nested documents (``Meta.depth``)."""
        return tuple(
            field.source for field in self._readable_fields if isinstance(field, ReferencedDocumentSerializer)
        )

    def _shown(self) -> list[tuple[Any, bool]]:
        """The readable fields, each with whether it is shown inline (computed once per serializer)."""
        shown: list[tuple[Any, bool]] | None = self.__dict__.get("_shown_fields")
        if shown is None:
            shown = self.__dict__["_shown_fields"] = [(f, _inline(f)) for f in self._readable_fields]
        return shown

    def inline(self) -> bool:
        """True when every field is shown from the document in memory by the library's own fields:
        ``adata`` then needs neither a thread nor a query."""
        return all(inline for _, inline in self._shown())

    async def ato_representation(self, instance: Any) -> Any:
        if self.inline():
            return self.to_representation(instance)
        result: dict[str, Any] = {}
        for field, inline in self._shown():
            try:
                if inline:
                    attribute = field.get_attribute(instance)
                elif hasattr(field, "aget_attribute"):
                    attribute = await field.aget_attribute(instance)
                else:
                    attribute = await sync_to_async(field.get_attribute)(instance)
            except SkipField:
                continue
            if attribute is None:
                result[field.field_name] = None
            elif inline:
                result[field.field_name] = field.to_representation(attribute)
            elif hasattr(field, "ato_representation"):
                result[field.field_name] = await field.ato_representation(attribute)
            else:
                result[field.field_name] = await sync_to_async(field.to_representation)(attribute)
        if shows_undeclared(self):
            return add_undeclared(result, instance, frozenset(getattr(self.Meta, "exclude", ())))
        return result


class ReferencedDocumentSerializer(DocumentSerializer):
    """A referenced document shown nested (``Meta.depth``): loaded on first access on the sync face,
    with one query per field on the async face."""

    async def aget_attribute(self, instance: Any) -> Any:
        if not isinstance(instance.__dict__.get(self.source), BaseDocument):
            await arun_flow(load_related([instance], (self.source,)))
        return instance.__dict__.get(self.source)


register_nesting(DocumentSerializer, ReferencedDocumentSerializer)


def _inline(field: Any) -> bool:
    if isinstance(field, ReferencedDocumentSerializer):
        return False
    if isinstance(field, DocumentSerializer):
        return field.inline()
    if isinstance(field, DocumentListSerializer):
        return bool(field.child.inline())
    return type(field).__module__ in INLINE_FIELD_MODULES and not isinstance(
        field, serializers.SerializerMethodField
    )


def _written_by(serializer: type[DocumentSerializer], creating: bool, asynchronous: bool) -> str | None:
    """``Serializer.create()`` (or update, acreate, aupdate): the serializer's own method whose result a
    save returns; None when the library's ran (it saves or raises)."""
    name = "create" if creating else "update"
    for method in (f"a{name}", name) if asynchronous else (name,):
        if getattr(serializer, method) is not getattr(DocumentSerializer, method):
            return f"{serializer.__name__}.{method}()"
    return None


FIX = (
    "save with the sync face (Model.sync) in create()/update(), or await save() in an async "
    "acreate()/aupdate(); then return the saved document."
)


def _stored(result: Any, written_by: str | None) -> Any:
    """``result`` (a document, or a list of them) of the serializer's own ``written_by`` method, refused
    with the fix named when it is a coroutine or a document not stored as it is (an async-face
    ``save()`` called without ``await`` writes nothing)."""
    if written_by is None:
        return result
    items = result if isinstance(result, list) else [result]
    coroutines = [item for item in items if isinstance(item, Coroutine)]
    for coroutine in coroutines:
        coroutine.close()
    if coroutines:
        raise TypeError(f"{written_by} returned a coroutine, not a document: {FIX}")
    for document in items:
        if isinstance(document, TopLevelDocument) and not is_stored(document):
            state = "has no id" if document.id is None else "differs from what is stored"
            raise TypeError(
                f"{written_by} returned a document that {state} ({type(document).__name__}): its save() "
                f"never ran (an async-face save() called without await writes nothing). To fix: {FIX}"
            )
    return result


@contextmanager
def _as_drf_errors() -> Iterator[None]:
    """The model's ValidationError (clean(), validators, unique indexes) as DRF's: a 400, not a 500."""
    try:
        yield
    except (ValidationError, NotUniqueError) as exc:
        raise as_api_exception(exc) from None
