"""Keyset cursor pagination for document QuerySets: pages continue from the last document shown, so
no page ever skips documents on the server, however deep it is."""

from __future__ import annotations

import binascii
from base64 import urlsafe_b64decode, urlsafe_b64encode
from typing import Any

from bson import json_util
from bson.errors import BSONError
from rest_framework import pagination, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.utils.urls import replace_query_param

from ..query.keyset import Keyset

MAX_CURSOR = 4096  # characters


class CursorPagination(pagination.CursorPagination):
    """DRF's CursorPagination for documents (``ordering``, ``page_size``, ``page_size_query_param``,
    an OrderingFilter's ordering), on both faces: ``id`` ends every ordering, and a cursor holds the
    position of the document a page ends on (before or after which the next page starts)."""

    ordering = "-id"

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any] | None:
        """One page of a sync-face QuerySet."""
        page = self._prepare(queryset, request, view)
        return None if page is None else self._page(list(page))

    async def apaginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any] | None:
        """One page of an async-face QuerySet."""
        page = self._prepare(queryset, request, view)
        return None if page is None else self._page([document async for document in page])

    def _prepare(self, queryset: Any, request: Any, view: Any) -> Any:
        """The QuerySet of one page (and one document more, to tell whether another page follows)."""
        self.request = request
        self.page_size = self.get_page_size(request)
        if not self.page_size:
            return None
        self.base_url = request.build_absolute_uri()
        try:
            self.keyset = Keyset.of(queryset.model, self.get_ordering(request, queryset, view))
        except ValueError as exc:
            raise NotFound(str(exc)) from None
        self.reverse, position = self._decode(request)
        page = queryset.order_by(*self.keyset.ordering(self.reverse))
        if position is not None:
            try:
                page = page.raw(self.keyset.after(position, self.reverse))
            except ValueError:
                raise NotFound(self.invalid_cursor_message) from None
        self.has_cursor = position is not None
        return page[: self.page_size + 1]

    def _page(self, documents: list[Any]) -> list[Any]:
        more = len(documents) > self.page_size
        documents = documents[: self.page_size]
        if self.reverse:
            documents.reverse()
        first, last = (documents[0], documents[-1]) if documents else (None, None)
        more_before, more_after = (more, self.has_cursor) if self.reverse else (self.has_cursor, more)
        self.next_url = self._link(last, False) if more_after and last is not None else None
        self.previous_url = self._link(first, True) if more_before and first is not None else None
        return documents

    def _link(self, document: Any, reverse: bool) -> str:
        cursor = json_util.dumps({"p": self.keyset.position(document), "r": reverse})
        encoded = urlsafe_b64encode(cursor.encode()).decode("ascii")
        return str(replace_query_param(self.base_url, self.cursor_query_param, encoded))

    def _decode(self, request: Any) -> tuple[bool, list[Any] | None]:
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return False, None
        try:
            if len(encoded) > MAX_CURSOR:
                raise ValueError
            cursor = json_util.loads(urlsafe_b64decode(encoded.encode("ascii")))
            if not isinstance(cursor, dict) or set(cursor) != {"p", "r"} or not isinstance(cursor["p"], list):
                raise ValueError
            return bool(cursor["r"]), cursor["p"]
        except (ValueError, TypeError, ArithmeticError, UnicodeError, binascii.Error, BSONError):
            raise NotFound(self.invalid_cursor_message) from None  # json's and bson's decoding errors

    def get_page_size(self, request: Any) -> Any:
        """``page_size_query_param``'s value (at most ``max_page_size``: larger values are cut to it),
        else ``page_size``; a value that is not a positive integer is a 400."""
        raw = request.query_params.get(self.page_size_query_param) if self.page_size_query_param else None
        if raw is None:
            return self.page_size
        try:
            size: int = serializers.IntegerField(min_value=1).run_validation(raw)
        except ValidationError as exc:
            raise ValidationError({self.page_size_query_param: exc.detail}) from None
        return size if self.max_page_size is None else min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                if self.max_page_size is not None:
                    parameter["description"] += f" At most {self.max_page_size}: larger values are cut to it."
            elif parameter["name"] == self.cursor_query_param:
                parameter["description"] += " A forged or stale cursor is a 404."
        return parameters

    def get_next_link(self) -> str | None:
        return getattr(self, "next_url", None)

    def get_previous_link(self) -> str | None:
        return getattr(self, "previous_url", None)
