"""More geo fields: the legacy ``[x, y]`` pair (2d index) and GeoJSON multi-geometries (2dsphere)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator

from .base import BaseField
from .geo import GeoJSONField, LineStringField, PointField, PolygonField
from .kinds import FieldKind


def _pair(value: Any) -> list[float]:
    if (
        not isinstance(value, (list, tuple))
        or len(value) != 2
        or not all(isinstance(part, (int, float)) and not isinstance(part, bool) for part in value)
    ):
        raise ValueError("A geo point is a pair of numbers [x, y].")
    return [float(value[0]), float(value[1])]


class GeoPointField(BaseField[list[float]]):
    """A legacy coordinate pair ``[x, y]`` stored as a two-item array, for a ``2d`` index."""

    kind = FieldKind("geo_point", ("array",))
    python_type = list[float]

    def base_annotation(self) -> Any:
        return Annotated[list[float], BeforeValidator(_pair)]

    query_annotation = base_annotation


_POINT, _LINE_STRING, _POLYGON = PointField(), LineStringField(), PolygonField()


def _many(value: Any, what: str) -> list[Any]:
    if not isinstance(value, (list, tuple)) or not value:
        raise ValueError(f"A GeoJSON multi-geometry is a non-empty list of {what}.")
    return list(value)


class MultiPointField(GeoJSONField):
    """A GeoJSON MultiPoint: a list of ``[lng, lat]`` positions."""

    geo_type = "MultiPoint"

    def coordinates(self, value: Any) -> Any:
        return [_POINT.coordinates(point) for point in _many(value, "positions")]


class MultiLineStringField(GeoJSONField):
    """A GeoJSON MultiLineString: a list of line strings."""

    geo_type = "MultiLineString"

    def coordinates(self, value: Any) -> Any:
        return [_LINE_STRING.coordinates(line) for line in _many(value, "line strings")]


class MultiPolygonField(GeoJSONField):
    """A GeoJSON MultiPolygon: a list of polygons."""

    geo_type = "MultiPolygon"

    def coordinates(self, value: Any) -> Any:
        return [_POLYGON.coordinates(polygon) for polygon in _many(value, "polygons")]
