"""drf-spectacular's AutoSchema for document views (used by the library's views when
``DEFAULT_SCHEMA_CLASS`` is drf-spectacular's; set it for DRF's own views on documents)."""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.plumbing import build_parameter_type, get_doc

from . import fields
from .conditional import describe_conditional
from .error_responses import document_model, error_responses
from .idempotency import described
from .polymorphic import PolymorphicEmbeddedField
from .schemas import FILE, OBJECT_ID, field_schema, one_of_classes, sync_action_names
from .serializers import DocumentSerializer, ReferencedDocumentSerializer


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema knowing document fields, ObjectId path parameters, adrf's async
    actions and the library's error responses."""

    def get_operation(self, *args: Any, **kwargs: Any) -> Any:
        with sync_action_names(self.view):
            operation = super().get_operation(*args, **kwargs)
            if operation is not None:
                operation = describe_conditional(self.view, operation, self.method)
        return operation and described(operation, self.view, self.method)

    def _resolve_path_parameters(self, variables: list[str]) -> Any:
        if document_model(self.view) is None:
            return super()._resolve_path_parameters(variables)
        return [
            build_parameter_type(name=name, location="path", schema=dict(OBJECT_ID), required=True)
            for name in variables
            if name != "format"
        ]

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        if direction == "response":
            errors = error_responses(self.view, self.path, self.method, listing=self._is_list_view())
            for status, response in errors.items():
                responses.setdefault(status, response)
        return responses

    def _map_basic_serializer(self, serializer: Any, direction: str) -> Any:
        schema = super()._map_basic_serializer(serializer, direction)
        if schema.get("description") in (get_doc(DocumentSerializer), get_doc(ReferencedDocumentSerializer)):
            del schema["description"]  # the library's docstring describes no user's serializer
        return schema

    def _map_serializer_field(self, field: Any, direction: str, bypass_extensions: bool = False) -> Any:
        if isinstance(field, fields.FileField):
            return dict(FILE) if direction == "response" else {"type": "string", "format": "binary"}
        if isinstance(field, PolymorphicEmbeddedField):
            return one_of_classes(field, lambda child: self._map_basic_serializer(child, direction))
        schema = field_schema(field)
        if schema is None:
            return super()._map_serializer_field(field, direction, bypass_extensions)
        if field.read_only:
            schema["readOnly"] = True
        if getattr(field, "allow_null", False):
            schema["nullable"] = True
        return schema
