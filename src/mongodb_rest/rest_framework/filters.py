"""DocumentFilterBackend: whitelisted query parameters as QuerySet lookups (``?age__gte=18``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.filters import BaseFilterBackend

from ..document.paths import resolve_path
from ..errors import ValidationError
from ..fields import ListField
from ..fields.base import INT64_MAX, INT64_MIN, BaseField
from ..query.lookups import LOOKUPS, Operand
from . import fields as api_fields
from . import schemas


def _text() -> serializers.Field:
    return serializers.CharField(max_length=1000, trim_whitespace=False)


PARSERS: dict[str, Callable[[], serializers.Field]] = {
    "string": _text,
    "int": lambda: serializers.IntegerField(min_value=INT64_MIN, max_value=INT64_MAX),
    "float": serializers.FloatField,
    "decimal": lambda: serializers.DecimalField(max_digits=None, decimal_places=None, coerce_to_string=False),
    "boolean": serializers.BooleanField,
    "datetime": serializers.DateTimeField,
    "date": serializers.DateField,
    "objectid": api_fields.ObjectIdField,
    "uuid": serializers.UUIDField,
}
"""The serializer field parsing a query parameter's text, by the ``filter_value`` of the field's kind
(choices and bounds not enforced)."""

OPERANDS: dict[Operand, Callable[[], serializers.Field] | None] = {
    Operand.VALUE: None,  # the field's parser
    Operand.VALUES: None,  # the field's parser, for each comma-separated value
    Operand.TEXT: _text,
    Operand.REGEX: _text,
    Operand.FLAG: serializers.BooleanField,
    Operand.COUNT: lambda: serializers.IntegerField(min_value=0),
}
"""The lookups' operands a query parameter can give, and the serializer field parsing those that do
not depend on the field."""
MAX_VALUES = 100  # values of one ``__in`` parameter


class DocumentFilterBackend(BaseFilterBackend):
    """Filters a document QuerySet by the query parameters the view whitelists in ``filterset_fields``:
    a list of field names (exact matches) or a dict of field names to lookups
    (``{"age": ["exact", "gte", "lte"], "name": ["icontains"], "address__city": ["exact"]}``).

    Only whitelisted parameters are read; each value is converted to the field's type (a bad value is
    a 400 naming the parameter), so no request can send an operator or a value of another type."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        lookups: dict[str, Any] = {}
        errors: dict[str, list[str]] = {}
        for parameter, (path, lookup, field) in allowed_parameters(view, queryset.model).items():
            raw = request.query_params.get(parameter)
            if raw is None or raw == "":
                continue
            try:
                lookups[f"{path}__{lookup}"] = convert(field, lookup, raw)
            except (DRFValidationError, ValueError) as exc:
                detail = exc.detail if isinstance(exc, DRFValidationError) else [str(exc)]
                errors[parameter] = [str(message) for message in detail]
        if errors:
            raise DRFValidationError(errors)
        return queryset.filter(**lookups) if lookups else queryset

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        model = getattr(getattr(view, "queryset", None), "model", None) or view.get_queryset().model
        return [
            {
                "name": parameter,
                "required": False,
                "in": "query",
                "description": f"{path} {lookup}" + (" (comma-separated)" if _takes_list(lookup) else ""),
                "schema": parameter_schema(field, lookup),
                "allowEmptyValue": True,  # an empty value filters nothing
                **({"style": "form", "explode": False} if _takes_list(lookup) else {}),
            }
            for parameter, (path, lookup, field) in allowed_parameters(view, model).items()
        ]


def allowed_parameters(view: Any, model: Any) -> dict[str, tuple[str, str, BaseField[Any]]]:
    """``{parameter: (field path, lookup, field)}`` of the view's ``filterset_fields``."""
    where = f"filterset_fields of {type(view).__name__}"
    declared = getattr(view, "filterset_fields", None) or {}
    if not isinstance(declared, dict):
        declared = {name: ["exact"] for name in declared}
    allowed: dict[str, tuple[str, str, BaseField[Any]]] = {}
    for path, lookups in declared.items():
        try:
            _, field = resolve_path(model, path.split("__"))
        except ValidationError as exc:
            raise ImproperlyConfigured(f"{where}: {exc}") from None
        field = field.field if isinstance(field, ListField) and field.field is not None else field
        if field is None or field.kind.filter_value not in PARSERS:
            raise ImproperlyConfigured(
                f"filterset_fields of {type(view).__name__}: {path} cannot be filtered."
            )
        for lookup in lookups:
            if lookup not in LOOKUPS or LOOKUPS[lookup].operand not in OPERANDS:
                raise ImproperlyConfigured(
                    f"filterset_fields of {type(view).__name__}: no lookup {lookup!r}."
                )
            allowed[path if lookup == "exact" else f"{path}__{lookup}"] = (path, lookup, field)
    return allowed


def _takes_list(lookup: str) -> bool:
    return LOOKUPS[lookup].operand is Operand.VALUES


def converter(field: BaseField[Any], lookup: str) -> serializers.Field:
    """The serializer field converting a query parameter's text (one value of a list) to the value
    ``lookup`` on ``field`` takes."""
    parse = OPERANDS[LOOKUPS[lookup].operand]
    if parse is None:
        return PARSERS[str(field.kind.filter_value)]()
    return parse()


def convert(field: BaseField[Any], lookup: str, raw: str) -> Any:
    """A query parameter's text as the value ``lookup`` on ``field`` takes."""
    parse = converter(field, lookup)
    if _takes_list(lookup):
        values = raw.split(",")
        if len(values) > MAX_VALUES:
            raise ValueError(f"At most {MAX_VALUES} values.")
        return [parse.run_validation(value) for value in values]
    return parse.run_validation(raw)


def parameter_schema(field: BaseField[Any], lookup: str) -> dict[str, Any]:
    """The OpenAPI schema of the query parameter of ``lookup`` on ``field``: what :func:`convert`
    takes (a list of up to MAX_VALUES values for the lookups taking lists: ``__in``, ``__nin``...)."""
    parse = converter(field, lookup)
    describe = schemas.AutoSchema()
    schema: dict[str, Any] = describe.map_field(parse)
    describe.map_field_validators(parse, schema)  # lengths and bounds
    if not _takes_list(lookup):
        return schema
    if isinstance(parse, serializers.CharField):
        schema["pattern"] = "^[^,\\x00]*$"  # commas separate the values
    return {"type": "array", "items": schema, "maxItems": MAX_VALUES}
