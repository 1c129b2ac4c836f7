"""ComplexDateTimeField: a datetime to the microsecond, stored as MongoEngine's sortable string."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator

from .base import BaseField
from .kinds import FieldKind


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class ComplexDateTimeField(BaseField[datetime]):
    """A point in time kept to the microsecond (DateTimeField keeps milliseconds), in UTC.

    Stored as ``'2024,01,31,23,59,59,123456'`` (``separator`` between the parts), which sorts and
    compares as the times do: ``gt``/``lt`` filters and ``order_by`` work on it.
    """

    kind = FieldKind("complex_datetime", ("string",))
    immutable = True
    encodes = True
    decodes = True

    python_type = datetime

    def __init__(self, separator: str = ",", **options: Any) -> None:
        super().__init__(**options)
        self.separator = separator

    def base_annotation(self) -> Any:
        return Annotated[datetime, AfterValidator(_utc)]

    query_annotation = base_annotation

    def to_mongo(self, value: Any) -> Any:
        value = _utc(value)
        parts = (value.month, value.day, value.hour, value.minute, value.second)
        return self.separator.join(
            [f"{value.year:04d}", *(f"{part:02d}" for part in parts), f"{value.microsecond:06d}"]
        )

    def to_python(self, value: Any) -> Any:
        if isinstance(value, datetime):
            return _utc(value)
        year, month, day, hour, minute, second, micro = (int(part) for part in value.split(self.separator))
        return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)
