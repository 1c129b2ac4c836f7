"""Schemathesis hooks of the fuzz run (``SCHEMATHESIS_HOOKS``): what the OpenAPI schema says but a
generator cannot make from it. An uploaded file must be an image (random bytes are refused as
Pillow refuses them), and a point's latitude lies in [-90, 90] while OpenAPI 3.0 can only bound
both coordinates by the longitude's range."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis.core.file_samples import FILE_SAMPLES
from schemathesis.transport.serialization import Binary

PNG = FILE_SAMPLES["png"]  # a 1x1 PNG


@schemathesis.hook
def map_body(context: Any, body: Any) -> Any:
    """Generated files become a PNG; a point's latitude in the schema's [-180, 180] but out of
    [-90, 90] is halved into it. Values the schema refuses are left as generated."""
    if not isinstance(body, dict):
        return body
    return {
        key: PNG if isinstance(value, (bytes, Binary)) else fit_point(value) for key, value in body.items()
    }


def fit_point(value: Any) -> Any:
    """``value``, where it is a GeoJSON point whose only fault is its latitude, with half of it."""
    if isinstance(value, dict) and value.get("type") == "Point":
        coordinates = value.get("coordinates")
        if isinstance(coordinates, list) and len(coordinates) == 2:
            latitude = coordinates[1]
            if (
                isinstance(latitude, (int, float))
                and not isinstance(latitude, bool)
                and 90 < abs(latitude) <= 180
            ):
                return {**value, "coordinates": [coordinates[0], latitude / 2]}
    return value
