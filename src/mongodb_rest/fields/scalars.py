"""Scalar fields: strings, numbers, dates, booleans, binary data, ObjectIds and UUIDs."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, InvalidOperation, Overflow
from typing import Annotated, Any

from bson import Decimal128, Int64, ObjectId
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from pydantic import AfterValidator, BeforeValidator, Field, GetCoreSchemaHandler
from pydantic_core import core_schema

from .base import INT64_MAX, INT64_MIN, BaseField
from .kinds import FieldKind, Nested


def _refuse_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("A boolean is not a number.")
    return value


def to_object_id(value: Any) -> ObjectId:
    """An ObjectId from an ObjectId or its 24-character hex string; ValueError otherwise."""
    if isinstance(value, ObjectId):
        return value
    if isinstance(value, str) and ObjectId.is_valid(value):
        return ObjectId(value)
    raise ValueError(f"{value!r} is not a valid ObjectId.")


class _ObjectIdSchema:
    """Pydantic schema for bson.ObjectId: accepts an ObjectId or its hex string, serializes to str in JSON."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            to_object_id,
            json_schema_input_schema=core_schema.str_schema(pattern="^[0-9a-fA-F]{24}$"),
            serialization=core_schema.plain_serializer_function_ser_schema(str, when_used="json"),
        )


PydanticObjectId = Annotated[ObjectId, _ObjectIdSchema]
"""An ObjectId usable in native annotations: ``author_id: PydanticObjectId``."""


def _string_schema(field: StringField, nested: Nested) -> dict[str, Any]:
    schema: dict[str, Any] = {}
    if field.max_length is not None:
        schema["maxLength"] = field.max_length
    min_length = field.min_length if field.min_length is not None else (1 if field.required else None)
    if min_length:
        schema["minLength"] = min_length
    if field.regex is not None:
        schema["pattern"] = field.regex.pattern
    return schema


def _bounds_schema(field: _NumberField, nested: Nested) -> dict[str, Any]:
    bounds = {"minimum": field.min_value, "maximum": field.max_value}
    return {key: value for key, value in bounds.items() if value is not None}


def normalize_datetime(value: datetime) -> datetime:
    """UTC, aware, truncated to milliseconds: exactly what MongoDB stores and returns."""
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def now() -> datetime:
    """The current time as MongoDB stores it."""
    return normalize_datetime(datetime.now(UTC))


class StringField(BaseField[str]):
    """A string; ``required`` also refuses the empty string."""

    kind = FieldKind("string", ("string",), _string_schema, filter_value="string")
    immutable = True
    refuses_dicts = True
    exact_query_types = (str,)

    python_type = str

    def __init__(
        self,
        max_length: int | None = None,
        min_length: int | None = None,
        regex: str | None = None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.max_length = max_length
        self.min_length = min_length
        self.regex = re.compile(regex) if regex is not None else None

    def base_annotation(self) -> Any:
        min_length = self.min_length
        if min_length is None and self.is_required_value():
            min_length = 1
        return Annotated[str, Field(min_length=min_length, max_length=self.max_length)]

    def validators(self) -> list[Any]:
        checks = super().validators()
        if self.regex is not None:
            pattern = self.regex

            def check_regex(value: str) -> str:
                if pattern.search(value) is None:
                    raise ValueError(f"Value does not match the pattern {pattern.pattern!r}.")
                return value

            checks.insert(0, AfterValidator(check_regex))
        return checks


def _django_check(validator: Any, message: str) -> Any:
    def check(value: str) -> str:
        try:
            validator(value)
        except DjangoValidationError:
            raise ValueError(message) from None
        return value

    return AfterValidator(check)


class EmailField(StringField):
    """An e-mail address, checked as Django (and DRF) check it."""

    kind = replace(StringField.kind, name="email")

    def validators(self) -> list[Any]:
        return [_django_check(validate_email, "Enter a valid email address."), *super().validators()]


class URLField(StringField):
    """A URL, checked as Django (and DRF) check it; ``schemes`` limits the allowed schemes."""

    kind = replace(StringField.kind, name="url")

    def __init__(self, schemes: list[str] | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.schemes = schemes

    def validators(self) -> list[Any]:
        validator = URLValidator(schemes=self.schemes)
        return [_django_check(validator, "Enter a valid URL."), *super().validators()]


class _NumberField(BaseField[Any]):
    def __init__(self, min_value: Any = None, max_value: Any = None, **options: Any) -> None:
        super().__init__(**options)
        self.min_value = min_value
        self.max_value = max_value

    def bounds(self) -> dict[str, Any]:
        return {"ge": self.min_value, "le": self.max_value}

    def base_annotation(self) -> Any:
        return Annotated[self.python_type, BeforeValidator(_refuse_bool), Field(**self.bounds())]

    def query_annotation(self) -> Any:
        return Annotated[self.python_type, BeforeValidator(_refuse_bool)]


class IntField(_NumberField):
    """An integer (64-bit range)."""

    kind = FieldKind("int", ("int", "long"), _bounds_schema, filter_value="int")
    immutable = True
    refuses_dicts = True

    python_type = int

    def bounds(self) -> dict[str, Any]:
        low = INT64_MIN if self.min_value is None else max(self.min_value, INT64_MIN)
        high = INT64_MAX if self.max_value is None else min(self.max_value, INT64_MAX)
        return {"ge": low, "le": high}

    def base_annotation(self) -> Any:
        # the bounds first: Pydantic's core checks them in its int schema, where after a validator
        # they would be two Python calls per value (floats and decimals keep the order: their core
        # checks bounds and digits in another order, for NaN and long decimals another message)
        return Annotated[int, Field(**self.bounds()), BeforeValidator(_refuse_bool)]

    def query_annotation(self) -> Any:
        return Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX), BeforeValidator(_refuse_bool)]


class LongField(IntField):
    """An integer always stored as a 64-bit BSON long."""

    kind = replace(IntField.kind, name="long", bson_types=("long", "int"))
    encodes = True

    def to_mongo(self, value: Any) -> Any:
        return Int64(value)


class FloatField(_NumberField):
    """A floating-point number; ``precision`` rounds it to that many decimal places."""

    kind = FieldKind("float", ("double", "int", "long"), _bounds_schema, filter_value="float")
    immutable = True
    python_type = float
    exact_query_types = (float, int)

    def __init__(
        self, min_value: Any = None, max_value: Any = None, precision: int | None = None, **options: Any
    ) -> None:
        super().__init__(min_value=min_value, max_value=max_value, **options)
        self.precision = precision

    def validators(self) -> list[Any]:
        precision = self.precision
        if precision is None:
            return super().validators()
        return [AfterValidator(lambda value: round(value, precision)), *super().validators()]


DECIMAL128_CONTEXT = Context(
    prec=34, Emin=-6143, Emax=6144, clamp=1, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, Overflow]
)
"""Decimal128's range and 34 significant digits; rounding is allowed (``Decimal(0.12)`` has 55)."""


def to_decimal128(value: Decimal) -> Decimal128:
    """``value`` as Decimal128, rounded to 34 significant digits; ValueError when out of its range."""
    try:
        return Decimal128(DECIMAL128_CONTEXT.create_decimal(value))
    except (InvalidOperation, Overflow):
        raise ValueError(f"{value} is outside the range of a BSON decimal.") from None


class DecimalField(_NumberField):
    """An exact decimal, stored as Decimal128 (rounded to its 34 significant digits).

    ``precision`` rounds values to that many decimal places (``rounding``: a ``decimal`` mode).
    """

    kind = FieldKind("decimal", ("decimal",), filter_value="decimal")
    immutable = True
    python_type = Decimal
    encodes = True
    decodes = True

    def __init__(
        self,
        min_value: Any = None,
        max_value: Any = None,
        max_digits: int | None = None,
        decimal_places: int | None = None,
        precision: int | None = None,
        rounding: str = ROUND_HALF_UP,
        **options: Any,
    ) -> None:
        super().__init__(min_value=min_value, max_value=max_value, **options)
        self.max_digits = max_digits
        self.decimal_places = decimal_places
        self.precision = precision
        self.rounding = rounding

    def round(self, value: Decimal) -> Decimal:
        """``value`` rounded to ``precision`` places (when set) and to Decimal128's 34 digits."""
        if self.precision is not None and value.is_finite():
            value = value.quantize(Decimal(1).scaleb(-self.precision), rounding=self.rounding)
        return DECIMAL128_CONTEXT.create_decimal(value)

    def _round_input(self, value: Any) -> Any:
        if isinstance(value, (int, float, Decimal, str)) and not isinstance(value, bool):
            try:
                number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
            except (InvalidOperation, ValueError):
                return value  # not a number: Pydantic reports it
            try:
                return self.round(number)
            except (InvalidOperation, Overflow):
                raise ValueError(f"{value} is outside the range of a BSON decimal.") from None
        return value

    def base_annotation(self) -> Any:
        return Annotated[
            Decimal,
            BeforeValidator(self._round_input),
            BeforeValidator(_refuse_bool),
            Field(
                ge=self.min_value,
                le=self.max_value,
                max_digits=self.max_digits,
                decimal_places=self.decimal_places,
                allow_inf_nan=False,
            ),
        ]

    def query_annotation(self) -> Any:
        return Annotated[Decimal, BeforeValidator(self._round_input), BeforeValidator(_refuse_bool)]

    def to_mongo(self, value: Any) -> Any:
        return to_decimal128(self.round(value))

    def to_python(self, value: Any) -> Any:
        return value.to_decimal() if isinstance(value, Decimal128) else Decimal(value)


class BooleanField(BaseField[bool]):
    """True or False."""

    kind = FieldKind("boolean", ("bool",), filter_value="boolean")
    immutable = True
    refuses_dicts = True
    exact_query_types = (bool,)

    python_type = bool


class DateTimeField(BaseField[datetime]):
    """A point in time, kept in UTC with millisecond precision as MongoDB stores it.

    ``auto_now_add`` sets it when the document is first saved, ``auto_now`` on every save.
    """

    kind = FieldKind("datetime", ("date",), filter_value="datetime")
    immutable = True
    refuses_dicts = True

    python_type = datetime

    def __init__(self, auto_now: bool = False, auto_now_add: bool = False, **options: Any) -> None:
        super().__init__(**options)
        self.auto_now = auto_now
        self.auto_now_add = auto_now_add

    def base_annotation(self) -> Any:
        return Annotated[datetime, AfterValidator(normalize_datetime)]

    query_annotation = base_annotation

    def is_required_value(self) -> bool:
        return super().is_required_value() and not (self.auto_now or self.auto_now_add)


class DateField(BaseField[date]):
    """A calendar date, stored as midnight UTC."""

    kind = FieldKind("date", ("date",), filter_value="date")
    immutable = True
    refuses_dicts = True

    python_type = date
    encodes = True
    decodes = True

    def base_annotation(self) -> Any:
        return Annotated[date, BeforeValidator(_date_only)]

    def to_mongo(self, value: Any) -> Any:
        return datetime.combine(value, time(), tzinfo=UTC)

    def to_python(self, value: Any) -> Any:
        return value.date() if isinstance(value, datetime) else value


def _date_only(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.time() != time():
            raise ValueError("A date field takes a date, not a datetime with a time of day.")
        return value.date()
    return value


class BinaryField(BaseField[bytes]):
    """Raw bytes; ``max_bytes`` bounds the size."""

    kind = FieldKind("binary", ("binData",))
    immutable = True

    python_type = bytes

    def __init__(self, max_bytes: int | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.max_bytes = max_bytes

    def base_annotation(self) -> Any:
        return Annotated[bytes, Field(max_length=self.max_bytes)]


class ObjectIdField(BaseField[ObjectId]):
    """A BSON ObjectId (its 24-character hex string is accepted)."""

    kind = FieldKind("objectid", ("objectId",), filter_value="objectid")
    immutable = True
    exact_query_types = (ObjectId,)

    python_type = PydanticObjectId


class UUIDField(BaseField[uuid.UUID]):
    """A UUID, stored as BSON binary subtype 4 (``binary=False``: as its 36-character string)."""

    kind = FieldKind("uuid", ("binData",), filter_value="uuid")
    immutable = True
    exact_query_types = (uuid.UUID,)

    python_type = uuid.UUID

    def __init__(self, binary: bool = True, **options: Any) -> None:
        super().__init__(**options)
        self.binary = binary
        self.encodes = self.decodes = not binary

    def to_mongo(self, value: Any) -> Any:
        return value if self.binary else str(value)

    def to_python(self, value: Any) -> Any:
        return uuid.UUID(value) if isinstance(value, str) else value
