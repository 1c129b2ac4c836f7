"""OpenAPI descriptions of document serializers and async views, for DRF's schema generation (and
drf-spectacular's, when it is installed)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

from rest_framework import serializers
from rest_framework.filters import SearchFilter
from rest_framework.schemas import openapi
from rest_framework.schemas.inspectors import DefaultSchema
from rest_framework.schemas.utils import is_list_view

from . import fields
from .conditional import describe_conditional
from .dynamic import shows_undeclared
from .error_responses import BODY_METHODS, document_model, error_responses
from .idempotency import described
from .polymorphic import CLASS_KEY, PolymorphicEmbeddedField
from .serializers import DocumentSerializer

ASYNC_ACTIONS = {  # adrf's action names -> DRF's, which DRF's schema generation knows
    "alist": "list",
    "aretrieve": "retrieve",
    "acreate": "create",
    "aupdate": "update",
    "partial_aupdate": "partial_update",
    "adestroy": "destroy",
}
OBJECT_ID = {"type": "string", "pattern": "^[0-9a-fA-F]{24}$", "example": "65f1c0ffee0123456789abcd"}
POSITION = {  # OpenAPI 3.0 cannot bound each item: both are bounded by the longitude's range
    "type": "array",
    "items": {"type": "number", "minimum": -180, "maximum": 180},
    "minItems": 2,
    "maxItems": 2,
    "description": "[longitude, latitude]: longitude in [-180, 180], latitude in [-90, 90].",
}
FILE = {  # null when the document holds no file
    "type": "object",
    "nullable": True,
    "properties": {
        "filename": {"type": "string"},
        "content_type": {"type": "string", "nullable": True},
        "length": {"type": "integer"},
        "url": {"type": "string", "format": "uri", "nullable": True},
    },
}
SHOWN_FILE = "{filename, content_type, length, url}: the url downloads the content."
UPLOAD = {"type": "string", "format": "binary", "description": "Shown as " + SHOWN_FILE}
EMAIL = (  # the addresses Django's EmailValidator takes (its domain part without internationalised names)
    r"^[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+)*"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z-]{0,61}[A-Za-z]$"
)
IMAGE = "An image (checked with Pillow). "
FORM_SUFFIXES = {"application/x-www-form-urlencoded": "Form", "multipart/form-data": "Upload"}
NO_NUL = "^[^\\x00]*$"  # DRF refuses text holding NUL characters
SPACE = "\\t-\\r\\x1c- \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"  # str.strip()'s
NOT_BLANK = f"^[^\\x00]*[^\\x00{SPACE}][^\\x00]*$"  # ... and, unless it allows blank text, blank text


def text_schema(field: serializers.CharField) -> dict[str, Any]:
    """What a CharField refuses besides its lengths: NUL characters, and empty text (blank text when
    it trims whitespace) unless it allows blank text."""
    if field.allow_blank:
        return {"pattern": NO_NUL}
    return {"pattern": NOT_BLANK if field.trim_whitespace else NO_NUL, "minLength": 1}


def refuses_unknown_fields(serializer: Any) -> bool:
    """Whether ``serializer`` refuses input naming no field (a DocumentSerializer does, unless its
    ``Meta.allow_unknown_fields``)."""
    return (
        isinstance(serializer, DocumentSerializer)
        and not getattr(serializer.Meta, "allow_unknown_fields", False)
        and not shows_undeclared(serializer)  # a dynamic document takes fields it does not declare
    )


def one_of_classes(
    field: PolymorphicEmbeddedField, schema_of: Callable[[Any], dict[str, Any]]
) -> dict[str, Any]:
    """The schema of a polymorphic embedded document: one of its classes' (``schema_of`` a child
    serializer's), each naming its class in ``_cls``."""
    options = []
    for name, child in field.children.items():
        schema = dict(schema_of(child))
        schema["properties"] = {CLASS_KEY: {"type": "string", "enum": [name]}, **schema.get("properties", {})}
        options.append(schema)
    return {"oneOf": options}


def form_value(field: Any) -> bool:
    """Whether a form body carries ``field``'s value as one text value (objects and lists go in JSON
    bodies)."""
    structured = (
        serializers.BaseSerializer,
        serializers.ListField,
        serializers.JSONField,
        fields.GeoJSONField,
        fields.GenericReferenceField,
    )
    return not isinstance(field, structured)


def request_fields(serializer: Any, media_type: str) -> tuple[list[str], bool]:
    """The names of the fields a ``media_type`` body of ``serializer`` cannot carry (files but in
    multipart bodies, objects and lists in form bodies), and whether one of them is required."""
    left_out = [
        name
        for name, field in serializer.fields.items()
        if not field.read_only
        and (
            (isinstance(field, serializers.FileField) and media_type != "multipart/form-data")
            or (media_type in FORM_SUFFIXES and not form_value(field))
        )
    ]
    return left_out, any(serializer.fields[name].required for name in left_out)


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
            "additionalProperties": False,  # other keys are refused
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
    """DRF's AutoSchema knowing document fields, adrf's async actions and the library's error
    responses: the library's views use it; for DRF's own views set
    ``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]`` to ``"mongodb_rest.rest_framework.schemas.AutoSchema"``.

    Request bodies have components of their own where they differ from the response
    (``Patched<Name>`` for PATCH, ``<Name>Request`` for JSON without files, ``<Name>Form`` and
    ``<Name>Upload`` for form and multipart bodies), each declaring only what that body can carry."""

    direction = "response"  # while mapping a serializer: "request" or "response"
    media_type = "application/json"  # while mapping a request body

    def get_operation(self, path: str, method: str) -> Any:
        with sync_action_names(self.view):
            operation = describe_conditional(self.view, super().get_operation(path, method), method)
        return described(operation, self.view, method)

    def get_path_parameters(self, path: str, method: str) -> Any:
        parameters = super().get_path_parameters(path, method)
        if document_model(self.view) is not None:
            for parameter in parameters:
                if parameter["name"] in ("id", "pk", getattr(self.view, "lookup_url_kwarg", None)):
                    parameter["schema"] = dict(OBJECT_ID)
        return parameters

    def get_components(self, path: str, method: str) -> Any:
        if method == "DELETE":
            return {}
        components = {}
        response = self.get_response_serializer(path, method)
        if isinstance(response, serializers.Serializer):
            components[self.get_component_name(response)] = self.mapped(response, "response")
        request = self.get_request_serializer(path, method)
        if method in BODY_METHODS and isinstance(request, serializers.Serializer):
            for name, schema in self.request_components(request, path, method).values():
                components.setdefault(name, schema)
        return components

    def get_request_body(self, path: str, method: str) -> Any:
        if method not in BODY_METHODS:
            return {}
        serializer = self.get_request_serializer(path, method)
        if not isinstance(serializer, serializers.Serializer):
            return super().get_request_body(path, method)
        bodies = self.request_components(serializer, path, method)
        content = {
            media_type: {"schema": {"$ref": f"#/components/schemas/{name}"}}
            for media_type, (name, _) in bodies.items()
        }
        required = any(schema.get("required") for _, schema in bodies.values())
        return {"content": content, **({"required": True} if required else {})}

    def request_components(self, serializer: Any, path: str, method: str) -> dict[str, tuple[str, Any]]:
        """``{media type: (component name, schema)}`` of the request bodies ``serializer`` takes:
        the media types of the view's parsers that can carry its required fields."""
        name = self.get_component_name(serializer)
        prefix = "Patched" if method == "PATCH" else ""
        response = self.mapped(serializer, "response")
        bodies: dict[str, tuple[str, Any]] = {}
        for media_type in self.map_parsers(path, method):
            left_out, required = request_fields(serializer, media_type)
            if required and method != "PATCH":
                continue  # such a body cannot create or replace a document
            schema = self.mapped(serializer, "request", media_type=media_type, partial=method == "PATCH")
            for field_name in left_out:
                schema["properties"].pop(field_name, None)
            same = [known for known in bodies.values() if known[1] == schema]
            if same:
                bodies[media_type] = same[0]
            elif not prefix and schema == response:
                bodies[media_type] = (name, schema)
            else:
                suffix = FORM_SUFFIXES.get(media_type, "" if prefix else "Request")
                bodies[media_type] = (f"{prefix}{name}{suffix}", schema)
        return bodies

    def mapped(
        self, serializer: Any, direction: str, media_type: str = "application/json", partial: bool = False
    ) -> Any:
        """``map_serializer(serializer)`` for a request or a response body."""
        self.direction, self.media_type = direction, media_type
        try:
            schema = self.map_serializer(serializer)
            if partial:  # a PATCH may leave out any field (an embedded document it sends is whole)
                schema.pop("required", None)
            return schema
        finally:
            self.direction, self.media_type = "response", "application/json"

    def map_serializer(self, serializer: Any) -> Any:
        schema = super().map_serializer(serializer)
        if self.media_type in FORM_SUFFIXES:  # form values are text (null only as an empty value)
            for value in schema["properties"].values():
                value.pop("nullable", None)
        if self.direction == "request":  # what a body can carry: no read-only fields
            for name, field in serializer.fields.items():
                if field.read_only:
                    schema["properties"].pop(name, None)
            if refuses_unknown_fields(serializer):
                schema["additionalProperties"] = False
        return schema

    def map_field(self, field: Any) -> Any:
        if isinstance(field, fields.FileField):
            if self.direction == "response" or field.read_only:
                return dict(FILE)
            return (
                {**UPLOAD, "description": IMAGE + UPLOAD["description"]}
                if isinstance(field, fields.ImageField)
                else dict(UPLOAD)
            )
        if isinstance(field, PolymorphicEmbeddedField):
            return one_of_classes(field, self.map_serializer)
        schema = field_schema(field)
        if schema is not None:
            return schema
        schema = super().map_field(field)
        if isinstance(field, serializers.CharField):
            schema.update(text_schema(field))
        return schema

    def map_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        super().map_field_validators(field, schema)
        if isinstance(field, serializers.EmailField):  # Django's rules, not the "email" format's
            schema.pop("format", None)
            schema["pattern"] = EMAIL

    def get_filter_parameters(self, path: str, method: str) -> Any:
        parameters = super().get_filter_parameters(path, method)
        searched = {
            backend.search_param
            for backend in getattr(self.view, "filter_backends", None) or ()
            if issubclass(backend, SearchFilter)
        }
        for parameter in parameters:
            if parameter["name"] in searched:  # DRF's SearchFilter refuses NUL characters
                parameter["schema"] = {"type": "string", "pattern": NO_NUL}
        return parameters

    def get_responses(self, path: str, method: str) -> Any:
        responses = super().get_responses(path, method)
        listing = is_list_view(path, method, self.view)
        for status, response in error_responses(self.view, path, method, listing=listing).items():
            responses.setdefault(status, response)
        return responses


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
