"""drf-spectacular's AutoSchema for document views (used by the library's views when
``DEFAULT_SCHEMA_CLASS`` is drf-spectacular's; set it for DRF's own views on documents)."""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.plumbing import build_parameter_type, get_doc

from ..document.base import BaseDocument
from . import fields
from .idempotency import described
from .schemas import FILE, OBJECT_ID, field_schema, sync_action_names
from .serializers import DocumentSerializer, ReferencedDocumentSerializer


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema knowing document fields, ObjectId path parameters and adrf's
    async actions."""

    def get_operation(self, *args: Any, **kwargs: Any) -> Any:
        with sync_action_names(self.view):
            operation = super().get_operation(*args, **kwargs)
        return operation and described(operation, self.view, self.method)

    def _resolve_path_parameters(self, variables: list[str]) -> Any:
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        if model is None:
            try:
                model = self.view.get_queryset().model
            except Exception:  # views without a queryset describe their parameters as they can
                model = None
        if not (isinstance(model, type) and issubclass(model, BaseDocument)):
            return super()._resolve_path_parameters(variables)
        return [
            build_parameter_type(name=name, location="path", schema=dict(OBJECT_ID), required=True)
            for name in variables
            if name != "format"
        ]

    def _map_basic_serializer(self, serializer: Any, direction: str) -> Any:
        schema = super()._map_basic_serializer(serializer, direction)
        if schema.get("description") in (get_doc(DocumentSerializer), get_doc(ReferencedDocumentSerializer)):
            del schema["description"]  # the library's docstring describes no user's serializer
        return schema

    def _map_serializer_field(self, field: Any, direction: str, bypass_extensions: bool = False) -> Any:
        if isinstance(field, fields.FileField):
            return dict(FILE) if direction == "response" else {"type": "string", "format": "binary"}
        schema = field_schema(field)
        if schema is None:
            return super()._map_serializer_field(field, direction, bypass_extensions)
        if field.read_only:
            schema["readOnly"] = True
        if getattr(field, "allow_null", False):
            schema["nullable"] = True
        return schema
