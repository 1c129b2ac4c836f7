"""GeoJSON fields: points, line strings and polygons, with coordinates in [longitude, latitude] order."""

from __future__ import annotations

from typing import Any

from pydantic import BeforeValidator

from .base import BaseField
from .containers import copy_plain
from .kinds import FieldKind

GEOJSON_KEYS = frozenset({"type", "coordinates"})


def _position(value: Any) -> list[float]:
    if (
        not isinstance(value, (list, tuple))
        or len(value) != 2
        or not all(isinstance(part, (int, float)) and not isinstance(part, bool) for part in value)
    ):
        raise ValueError("A position is a pair of numbers [longitude, latitude].")
    try:
        lng, lat = float(value[0]), float(value[1])
    except OverflowError:
        raise ValueError("A coordinate is too large.") from None
    if not -180 <= lng <= 180:
        raise ValueError(f"Longitude {lng} is outside [-180, 180].")
    if not -90 <= lat <= 90:
        raise ValueError(f"Latitude {lat} is outside [-90, 90].")
    return [lng, lat]


class GeoJSONField(BaseField[dict[str, Any]]):
    """The base of GeoJSON geometry fields: a ``{'type': geo_type, 'coordinates': ...}`` dict, whose
    ``coordinates`` each subclass checks."""

    kind = FieldKind("geojson", ("object",))
    geo_type = ""
    encodes = True
    decodes = True

    def coordinates(self, value: Any) -> Any:
        raise NotImplementedError

    def _coerce(self, value: Any) -> dict[str, Any]:
        if isinstance(value, dict):
            if value.get("type") != self.geo_type or "coordinates" not in value:
                raise ValueError(f"Expected a GeoJSON {self.geo_type}.")
            unknown = sorted(map(str, value.keys() - GEOJSON_KEYS))
            if unknown:
                raise ValueError(f"Unknown GeoJSON {self.geo_type} keys: {', '.join(unknown)}.")
            value = value["coordinates"]
        return {"type": self.geo_type, "coordinates": self.coordinates(value)}

    def base_annotation(self) -> Any:
        from typing import Annotated

        return Annotated[dict[str, Any], BeforeValidator(self._coerce)]

    def to_mongo(self, value: Any) -> Any:
        return copy_plain(value)

    def to_python(self, value: Any) -> Any:
        return copy_plain(value)


class PointField(GeoJSONField):
    """A GeoJSON Point; accepts ``[lng, lat]`` or ``{'type': 'Point', 'coordinates': [lng, lat]}``."""

    geo_type = "Point"

    def coordinates(self, value: Any) -> Any:
        return _position(value)


class LineStringField(GeoJSONField):
    """A GeoJSON LineString of two or more positions."""

    geo_type = "LineString"

    def coordinates(self, value: Any) -> Any:
        if not isinstance(value, (list, tuple)) or len(value) < 2:
            raise ValueError("A line string needs at least two positions.")
        return [_position(point) for point in value]


class PolygonField(GeoJSONField):
    """A GeoJSON Polygon: closed rings of four or more positions."""

    geo_type = "Polygon"

    def coordinates(self, value: Any) -> Any:
        if not isinstance(value, (list, tuple)) or not value:
            raise ValueError("A polygon is a list of rings.")
        rings = []
        for ring in value:
            if not isinstance(ring, (list, tuple)) or len(ring) < 4:
                raise ValueError("A polygon ring needs at least four positions.")
            points = [_position(point) for point in ring]
            if points[0] != points[-1]:
                raise ValueError("A polygon ring must end where it starts.")
            rings.append(points)
        return rings
