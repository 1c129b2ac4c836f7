"""The changelist's sidebar filters: by choice, by boolean, by date range, or by the values a field holds."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from ...fields.base import BaseField
from ...fields.kinds import first_kind
from ...fields.scalars import DateTimeField

if TYPE_CHECKING:
    from .changelist import ChangeList

MAX_VALUES = 100  # values listed by a filter on a field without choices


class IncorrectParameters(ValueError):
    """A changelist parameter that names no filter, or a filter value that does not fit its field."""


@dataclass
class Choice:
    """One link of a filter."""

    display: str
    query_string: str
    selected: bool


class FieldFilter:
    """A filter on one field; its links set or clear ``parameters``."""

    def __init__(self, field: BaseField[Any], title: str) -> None:
        self.field = field
        self.name = field.name
        self.title = title
        self.parameters: tuple[str, ...] = (f"{self.name}__exact",)
        self.used: dict[str, str] = {}

    def take(self, params: dict[str, str]) -> None:
        """Move this filter's parameters out of ``params``."""
        self.used = {key: params.pop(key) for key in self.parameters if key in params}

    def lookups(self) -> dict[str, Any]:
        """The QuerySet lookups of the chosen link."""
        value = self.used.get(f"{self.name}__exact")
        return {} if value is None else {self.name: self.convert(value)}

    def convert(self, value: str) -> Any:
        return value

    def options(self, changelist: ChangeList) -> list[tuple[str, str]]:
        """``(display, parameter value)`` of each link but "All"."""
        raise NotImplementedError

    def choices(self, changelist: ChangeList) -> list[Choice]:
        """The links, "All" first."""
        key = f"{self.name}__exact"
        links = [Choice("All", changelist.query_string(remove=self.parameters), not self.used)]
        for display, value in self.options(changelist):
            query = changelist.query_string({key: value}, remove=self.parameters)
            links.append(Choice(display, query, self.used.get(key) == value))
        return links


class ChoicesFilter(FieldFilter):
    """The field's ``choices``, by label."""

    def convert(self, value: str) -> Any:
        for choice, _ in self.field.flatchoices or []:
            if str(choice) == value:
                return choice
        raise IncorrectParameters(f"{value!r} is not a choice of {self.name}.")

    def options(self, changelist: ChangeList) -> list[tuple[str, str]]:
        return [(label, str(value)) for value, label in self.field.flatchoices or []]


class BooleanFilter(FieldFilter):
    """Yes, No (and Unknown for a field that may be empty)."""

    def convert(self, value: str) -> Any:
        values = {"1": True, "0": False, "": None}
        if value not in values:
            raise IncorrectParameters(f"{value!r} is not a value of the boolean filter {self.name} (1, 0).")
        return values[value]

    def options(self, changelist: ChangeList) -> list[tuple[str, str]]:
        links = [("Yes", "1"), ("No", "0")]
        return links if self.field.required else [*links, ("Unknown", "")]


class DateFilter(FieldFilter):
    """Today, the past 7 days, this month, this year (as Django's date filter)."""

    def __init__(self, field: BaseField[Any], title: str) -> None:
        super().__init__(field, title)
        self.parameters = (f"{self.name}__gte", f"{self.name}__lt")

    def lookups(self) -> dict[str, Any]:
        return {
            f"{self.name}__{key.rsplit('__', 1)[1]}": self.convert(value) for key, value in self.used.items()
        }

    def convert(self, value: str) -> Any:
        parsed = parse_datetime(value) if isinstance(self.field, DateTimeField) else None
        if parsed is None:
            day = parse_date(value)
            if day is None:
                raise IncorrectParameters(f"{value!r} is not a date for the filter {self.name}.")
            if not isinstance(self.field, DateTimeField):
                return day
            parsed = datetime.datetime.combine(day, datetime.time())
        return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed

    def ranges(self) -> list[tuple[str, datetime.date, datetime.date]]:
        today = timezone.localdate()
        month = today.replace(day=1)
        next_month = (month + datetime.timedelta(days=32)).replace(day=1)
        year = today.replace(month=1, day=1)
        tomorrow = today + datetime.timedelta(days=1)
        return [
            ("Today", today, tomorrow),
            ("Past 7 days", today - datetime.timedelta(days=7), tomorrow),
            ("This month", month, next_month),
            ("This year", year, year.replace(year=year.year + 1)),
        ]

    def choices(self, changelist: ChangeList) -> list[Choice]:
        gte, lt = self.parameters
        links = [Choice("Any date", changelist.query_string(remove=self.parameters), not self.used)]
        for display, start, end in self.ranges():
            wanted = {gte: start.isoformat(), lt: end.isoformat()}
            links.append(
                Choice(display, changelist.query_string(wanted, remove=self.parameters), self.used == wanted)
            )
        return links


class ValuesFilter(FieldFilter):
    """The values the field holds (its first ``MAX_VALUES`` distinct ones)."""

    def convert(self, value: str) -> Any:
        try:
            return self.field.to_query(value)
        except ValueError:
            raise IncorrectParameters(f"{value!r} is not a value of {self.name}.") from None

    def options(self, changelist: ChangeList) -> list[tuple[str, str]]:
        values = sorted(
            {value for value in changelist.root_queryset.distinct(self.name) if value is not None}, key=str
        )
        return [(str(value), str(value)) for value in values[:MAX_VALUES]]


SIDEBAR_FILTERS: dict[str, type[FieldFilter]] = {
    "any": ValuesFilter,
    "boolean": BooleanFilter,
    "datetime": DateFilter,
    "date": DateFilter,
}
"""The sidebar filter of each kind of field without choices, by its kind's name (``FieldKind.name``; a
field whose kind has no entry takes its nearest ancestor's)."""


def filter_for(field: BaseField[Any], title: str) -> FieldFilter:
    """The filter that fits ``field``."""
    if field.flatchoices is not None:
        return ChoicesFilter(field, title)
    return SIDEBAR_FILTERS[first_kind(SIDEBAR_FILTERS, type(field))](field, title)
