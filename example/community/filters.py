"""The example's own filter backend: places around a point."""

from __future__ import annotations

import re
from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

DEFAULT_DISTANCE = 5000.0  # metres
MAX_DISTANCE = 20_000_000.0  # half the Earth's circumference, roughly
LONGITUDE = r"-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[0-9]?[0-9])(?:\.[0-9]+)?)"  # in [-180, 180]
LATITUDE = r"-?(?:90(?:\.0+)?|[0-8]?[0-9](?:\.[0-9]+)?)"  # in [-90, 90]
NEAR = f"^{LONGITUDE},{LATITUDE}$"


class NearFilter(BaseFilterBackend):
    """Keeps the places within ``max_distance`` metres of ``near`` (the view's ``geo_field``)."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        try:
            distance = serializers.FloatField(min_value=0, max_value=MAX_DISTANCE).run_validation(
                request.query_params.get("max_distance", DEFAULT_DISTANCE)
            )
        except ValidationError as exc:
            raise ValidationError({"max_distance": exc.detail}) from None
        near = request.query_params.get("near")
        if not near:
            return queryset
        if not re.match(NEAR, near):
            raise ValidationError(
                {"near": ["Expected <longitude>,<latitude> in degrees (e.g. 10.75,59.91)."]}
            )
        lng, lat = (float(part) for part in near.split(","))
        field = view.geo_field
        return queryset.filter(**{f"{field}__near": [lng, lat], f"{field}__max_distance": distance})

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "near",
                "required": False,
                "in": "query",
                "description": "<longitude>,<latitude>: only the places around this point",
                "schema": {"type": "string", "pattern": NEAR, "example": "10.75,59.91"},
                "allowEmptyValue": True,
            },
            {
                "name": "max_distance",
                "required": False,
                "in": "query",
                "description": f"metres from `near` (default {DEFAULT_DISTANCE:g})",
                "schema": {"type": "number", "minimum": 0, "maximum": MAX_DISTANCE},
            },
        ]
