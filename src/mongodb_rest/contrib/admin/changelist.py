"""The changelist: the documents a request asks for (filters, search, ordering, page) and their columns."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib.admin.utils import quote
from django.core.paginator import Paginator
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst, smart_split, unescape_string_literal

from ...errors import ValidationError
from ...fields.base import BaseField
from ...fields.containers import ListField
from ...fields.files import FileField
from ...fields.references import ReferenceField
from ...fields.scalars import BooleanField, StringField
from ...query.q import Q
from .filters import FieldFilter, IncorrectParameters, filter_for
from .forms import editor_of, field_label

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .options import DocumentAdmin

SEARCH_VAR, PAGE_VAR, ORDER_VAR = "q", "p", "o"
SEARCH_LOOKUPS = {"^": "istartswith", "=": "iexact", "": "icontains"}


@dataclass
class Column:
    """One ``list_display`` entry: its header, how to read a document's value, and its sort key."""

    name: str
    header: str
    value: Callable[[Any], Any]
    sort_key: str | None
    boolean: bool = False


@dataclass
class Header:
    """A column header as the template shows it."""

    text: str
    sortable: bool
    sorted: str  # "", "ascending" or "descending"
    url: str


def columns(admin: DocumentAdmin) -> list[Column]:
    """The columns of ``admin.list_display``."""
    document = admin.document
    made = []
    for entry in admin.list_display:
        if callable(entry):
            made.append(_callable_column(getattr(entry, "__name__", "column"), entry, lambda f, obj: f(obj)))
        elif entry == "__str__":
            made.append(Column("__str__", capfirst(document._meta.verbose_name), str, None))
        elif entry in document._fields:
            field = document._fields[entry]
            sort = entry if editor_of(field).sortable else None
            made.append(
                Column(
                    entry,
                    field_label(field) if entry != "id" else "ID",
                    _field_reader(field, admin.empty_value_display),
                    sort,
                    isinstance(field, BooleanField),
                )
            )
        elif hasattr(admin, entry):
            made.append(_callable_column(entry, getattr(admin, entry), lambda f, obj: f(obj)))
        else:
            made.append(_callable_column(entry, getattr(document, entry), _attribute_reader(entry)))
    return made


def _callable_column(name: str, function: Any, call: Callable[[Any, Any], Any]) -> Column:
    header = getattr(function, "short_description", None) or name.replace("_", " ")
    return Column(
        name,
        capfirst(str(header)),
        lambda obj: call(function, obj),
        getattr(function, "admin_order_field", None),
        bool(getattr(function, "boolean", False)),
    )


def _attribute_reader(name: str) -> Callable[[Any, Any], Any]:
    def read(function: Any, obj: Any) -> Any:
        value = getattr(obj, name)
        return value() if callable(value) else value

    return read


def _field_reader(field: BaseField[Any], empty: str) -> Callable[[Any], Any]:
    labels = dict(field.flatchoices) if field.flatchoices is not None else None

    def read(obj: Any) -> Any:
        value = (
            getattr(obj, field.name)
            if isinstance(field, (ReferenceField, ListField))
            else obj.__dict__.get(field.name)
        )
        if labels is not None:
            return labels.get(value, value)
        if isinstance(field, FileField):
            return getattr(value, "filename", None) or (empty if value is None else "file")
        return value

    return read


def boolean_icon(value: Any) -> SafeString:
    """The admin's yes / no / unknown icon."""
    name = {True: "yes", False: "no"}.get(value, "unknown")
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{name}.svg"), str(value))


def display(value: Any, boolean: bool, empty: str) -> Any:
    """A cell's text (or icon)."""
    if boolean:
        return boolean_icon(value)
    if value is None or value == [] or value == "":
        return empty
    if isinstance(value, datetime):
        return formats.localize(timezone.localtime(value) if timezone.is_aware(value) else value)
    if isinstance(value, date):
        return formats.localize(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value


class ChangeList:
    """What one changelist request shows."""

    def __init__(self, admin: DocumentAdmin, request: HttpRequest) -> None:
        self.admin = admin
        self.opts = admin.opts
        self.request = request
        self.params = {key: request.GET.get(key, "") for key in request.GET}
        params = dict(self.params)
        self.query = params.pop(SEARCH_VAR, "")
        page = params.pop(PAGE_VAR, "1")
        self.order_param = params.pop(ORDER_VAR, "")
        params.pop("e", None)
        self.root_queryset = admin.get_queryset(request)
        self.filter_specs: list[FieldFilter] = [
            filter_for(admin.document._fields[name], field_label(admin.document._fields[name]))
            for name in admin.list_filter
        ]
        for spec in self.filter_specs:
            spec.take(params)
        if params:
            raise IncorrectParameters(f"Unknown filter parameter(s): {', '.join(sorted(params))}.")
        self.columns = columns(admin)
        queryset = self.root_queryset
        try:
            for spec in self.filter_specs:
                lookups = spec.lookups()
                if lookups:
                    queryset = queryset.filter(**lookups)
            queryset = admin.get_search_results(request, queryset, self.query)
        except ValidationError as exc:
            raise IncorrectParameters(str(exc)) from None
        self.ordering = self.get_ordering()
        references = [c.name for c in self.columns if _is_reference(admin.document._fields.get(c.name))]
        queryset = queryset.order_by(*self.ordering)
        if references:
            queryset = queryset.select_related(*references)
        self.queryset = queryset
        self.paginator = Paginator(queryset, admin.list_per_page)
        self.page = self.paginator.get_page(page)
        self.result_count = self.paginator.count
        self.filtered = bool(self.query or any(spec.used for spec in self.filter_specs))
        self.full_result_count = self.root_queryset.count() if self.filtered else self.result_count
        self.results = list(self.page.object_list)

    @property
    def has_filters(self) -> bool:
        """True when the sidebar shows filters."""
        return bool(self.filter_specs)

    def get_ordering(self) -> list[str]:
        """The ``?o=`` column (``-name`` descending), else the admin's or the document's ordering; the id
        last, so pages never overlap."""
        ordering: list[str] = []
        if self.order_param:
            descending = self.order_param.startswith("-")
            name = self.order_param.lstrip("-")
            column = next((c for c in self.columns if c.name == name and c.sort_key), None)
            if column is None:
                raise IncorrectParameters(f"Cannot order by {name!r}.")
            ordering.append(f"{'-' if descending else ''}{column.sort_key}")
        ordering += [key for key in self.admin.get_ordering(self.request) if key.lstrip("-") not in ordering]
        if not any(key.lstrip("-") in ("id", "pk") for key in ordering):
            ordering.append("-id")
        return ordering

    def query_string(self, new: dict[str, str] | None = None, remove: Iterable[str] = ()) -> str:
        """``?...`` of the current parameters with ``new`` set and ``remove`` (and the page) taken out."""
        removed = set(remove) | {PAGE_VAR}
        params = {key: value for key, value in self.params.items() if key not in removed}
        params.update(new or {})
        return f"?{urlencode(sorted(params.items()))}"

    def headers(self) -> list[Header]:
        """The column headers, with their sort links."""
        current = self.order_param.lstrip("-")
        made = []
        for column in self.columns:
            state = ""
            if column.sort_key and column.name == current:
                state = "descending" if self.order_param.startswith("-") else "ascending"
            toggle = f"-{column.name}" if state == "ascending" else column.name
            made.append(
                Header(column.header, bool(column.sort_key), state, self.query_string({ORDER_VAR: toggle}))
            )
        return made

    def rows(self) -> list[list[SafeString]]:
        """The cells of each result, the first linked to its change page."""
        info = (self.opts.app_label, self.opts.model_name)
        empty = self.admin.empty_value_display
        made = []
        for obj in self.results:
            url = reverse(
                f"admin:{info[0]}_{info[1]}_change",
                args=(quote(str(obj.id)),),
                current_app=self.admin.admin_site.name,
            )
            cells = []
            for index, column in enumerate(self.columns):
                text = display(column.value(obj), column.boolean, empty)
                if index == 0:
                    cells.append(
                        format_html('<th class="field-{}"><a href="{}">{}</a></th>', column.name, url, text)
                    )
                else:
                    cells.append(format_html('<td class="field-{}">{}</td>', column.name, text))
            made.append(cells)
        return made

    def page_links(self) -> list[tuple[str, str, bool]]:
        """``(label, query string, current)`` for the paginator (``…`` where pages are elided)."""
        if self.paginator.num_pages <= 1:
            return []
        links = []
        for number in self.paginator.get_elided_page_range(self.page.number, on_each_side=2, on_ends=1):
            if isinstance(number, int):
                links.append(
                    (str(number), self.query_string({PAGE_VAR: str(number)}), number == self.page.number)
                )
            else:
                links.append((str(number), "", False))
        return links


def _is_reference(field: BaseField[Any] | None) -> bool:
    inner = field.field if isinstance(field, ListField) else field
    return isinstance(inner, ReferenceField)


def search(queryset: Any, fields: Iterable[str], document: Any, query: str) -> Any:
    """``queryset`` narrowed to documents matching every word of ``query`` in one of ``fields``
    (``^name``: starts with, ``=name``: exactly, else contains; case-insensitive)."""
    specs = []
    for spec in fields:
        prefix = spec[0] if spec[:1] in ("^", "=") else ""
        specs.append((spec[len(prefix) :], SEARCH_LOOKUPS[prefix]))
    for bit in smart_split(query):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        either = Q()
        for name, lookup in specs:
            field = document._fields[name]
            inner = field.field if isinstance(field, ListField) and field.field is not None else field
            if isinstance(inner, StringField):
                either |= Q(**{f"{name}__{lookup}": bit})
            else:
                try:
                    either |= Q(**{name: inner.to_query(bit)})
                except ValueError:
                    continue  # the word cannot be a value of that field
        queryset = queryset.filter(either) if either else queryset.filter(id__in=[])
    return queryset
