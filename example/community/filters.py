"""The example's own filter backend: places around a point."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

DEFAULT_DISTANCE = 5000.0  # metres
MAX_DISTANCE = 20_000_000.0  # half the Earth's circumference, roughly


class NearFilter(BaseFilterBackend):
    """Keeps the places within ``max_distance`` metres of ``near`` (the view's ``geo_field``)."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        near = request.query_params.get("near")
        if not near:
            return queryset
        try:
            lng, lat = (float(part) for part in near.split(","))
        except ValueError:
            raise ValidationError({"near": ["Expected <longitude>,<latitude>."]}) from None
        if not (-180 <= lng <= 180 and -90 <= lat <= 90):  # NaN fails too
            raise ValidationError({"near": ["Longitude in [-180, 180], latitude in [-90, 90]."]})
        try:
            distance = serializers.FloatField(min_value=0, max_value=MAX_DISTANCE).run_validation(
                request.query_params.get("max_distance", DEFAULT_DISTANCE)
            )
        except ValidationError as exc:
            raise ValidationError({"max_distance": exc.detail}) from None
        field = view.geo_field
        return queryset.filter(**{f"{field}__near": [lng, lat], f"{field}__max_distance": distance})

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "near",
                "required": False,
                "in": "query",
                "description": "<longitude>,<latitude>: only the places around this point",
                "schema": {"type": "string", "example": "10.75,59.91"},
            },
            {
                "name": "max_distance",
                "required": False,
                "in": "query",
                "description": f"metres from `near` (default {DEFAULT_DISTANCE:g})",
                "schema": {"type": "number", "minimum": 0, "maximum": MAX_DISTANCE},
            },
        ]
