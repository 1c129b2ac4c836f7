"""OpenAPI descriptions of document serializers and async views, for DRF's schema generation (and
drf-spectacular's, when it is installed)."""

from __future__ import annotations

import importlib
from contextlib import contextmanager
from typing import Any

from rest_framework.schemas import openapi
from rest_framework.schemas.inspectors import DefaultSchema

from ..document.base import BaseDocument
from . import fields
from .idempotency import described

ASYNC_ACTIONS = {  # adrf's action names -> DRF's, which DRF's schema generation knows
    "alist": "list",
    "aretrieve": "retrieve",
    "acreate": "create",
    "aupdate": "update",
    "partial_aupdate": "partial_update",
    "adestroy": "destroy",
}
OBJECT_ID = {"type": "string", "pattern": "^[0-9a-fA-F]{24}$", "example": "65f1c0ffee0123456789abcd"}
POSITION = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
FILE = {
    "type": "object",
    "readOnly": True,
    "properties": {
        "filename": {"type": "string"},
        "content_type": {"type": "string", "nullable": True},
        "length": {"type": "integer"},
        "url": {"type": "string", "format": "uri", "nullable": True},
    },
}
SHOWN_FILE = "{filename, content_type, length, url}: the url downloads the content."


def field_schema(field: Any) -> dict[str, Any] | None:
    """The OpenAPI schema of one of the library's serializer fields (None for others)."""
    if isinstance(field, fields.GenericReferenceField):
        return {
            "type": "object",
            "properties": {"type": {"type": "string"}, "id": OBJECT_ID},
            "required": ["type", "id"],
        }
    if isinstance(field, fields.ObjectIdField):
        return dict(OBJECT_ID)
    if isinstance(field, fields.GeoJSONField):
        geo_type = field.document_field.geo_type  # type: ignore[attr-defined]
        coordinates = POSITION if geo_type == "Point" else {"type": "array", "items": {}}
        return {
            "type": "object",
            "properties": {"type": {"type": "string", "enum": [geo_type]}, "coordinates": coordinates},
            "required": ["type", "coordinates"],
        }
    if isinstance(field, fields.DocumentField):
        return {}
    return None


@contextmanager
def sync_action_names(view: Any) -> Any:
    """While describing an adrf view, its action has DRF's name (``alist`` -> ``list``)."""
    action = getattr(view, "action", None)
    if action in ASYNC_ACTIONS:
        view.action = ASYNC_ACTIONS[action]
    try:
        yield
    finally:
        if action in ASYNC_ACTIONS:
            view.action = action


class AutoSchema(openapi.AutoSchema):
    """DRF's AutoSchema knowing document fields and adrf's async actions: the library's views use it;
    for DRF's own views set ``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]`` to
    ``"mongodb_rest.rest_framework.schemas.AutoSchema"``."""

    def get_operation(self, path: str, method: str) -> Any:
        with sync_action_names(self.view):
            operation = super().get_operation(path, method)
        return described(operation, self.view, method)

    def get_path_parameters(self, path: str, method: str) -> Any:
        parameters = super().get_path_parameters(path, method)
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        if isinstance(model, type) and issubclass(model, BaseDocument):
            for parameter in parameters:
                if parameter["name"] in ("id", "pk", getattr(self.view, "lookup_url_kwarg", None)):
                    parameter["schema"] = dict(OBJECT_ID)
        return parameters

    def map_field(self, field: Any) -> Any:
        if isinstance(field, fields.FileField):
            upload = {"type": "string", "format": "binary", "description": "Shown as " + SHOWN_FILE}
            return dict(FILE) if field.read_only else upload
        schema = field_schema(field)
        return super().map_field(field) if schema is None else schema


DOCUMENT_SCHEMAS = {  # a schema class -> the one that knows documents
    "rest_framework.schemas.openapi.AutoSchema": f"{__name__}.AutoSchema",
    "drf_spectacular.openapi.AutoSchema": "mongodb_rest.rest_framework.spectacular.AutoSchema",
}


class DocumentSchema(DefaultSchema):
    """The library's views' ``schema``: ``DEFAULT_SCHEMA_CLASS``, where that is DRF's or
    drf-spectacular's own AutoSchema the subclass of it that knows documents."""

    def __get__(self, instance: Any, owner: Any) -> Any:
        inspector = super().__get__(instance, owner)
        kind = f"{type(inspector).__module__}.{type(inspector).__name__}"
        if kind in DOCUMENT_SCHEMAS:
            module, _, name = DOCUMENT_SCHEMAS[kind].rpartition(".")
            inspector = getattr(importlib.import_module(module), name)()
            inspector.view = instance
        return inspector
