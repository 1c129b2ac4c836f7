"""Async viewsets for documents on adrf, using the async face end to end, under DRF's routers and adrf's.

DRF's own ``viewsets.ModelViewSet`` and generic views work unchanged with sync-face querysets.
"""

from __future__ import annotations

import inspect
from typing import Any

from adrf import mixins as adrf_mixins
from adrf import viewsets
from adrf.routers import SimpleRouter as AsyncRouter
from asgiref.sync import sync_to_async
from django.http import Http404, HttpResponse
from django.utils.decorators import classonlymethod
from django.utils.http import content_disposition_header
from rest_framework import filters as drf_filters
from rest_framework import mixins as drf_mixins
from rest_framework import pagination as drf_pagination
from rest_framework import parsers as drf_parsers
from rest_framework.decorators import action

from ..document.twins import on_face as document_on_face
from ..errors import DoesNotExist
from ..fields.files import FileField, StoredFile
from ..query.base import BaseQuerySet
from . import filters, pagination
from .conditional import ConditionalRequestMixin
from .exceptions import exception_handler
from .idempotency import AsyncIdempotentCreateMixin
from .initial import runs_inline
from .parsers import JSONParser, MultiPartParser
from .schemas import DocumentSchema

LIBRARY_PARSERS: dict[type, type] = {  # DRF's parsers the library's views replace with the library's
    drf_parsers.JSONParser: JSONParser,
    drf_parsers.MultiPartParser: MultiPartParser,
}
IN_MEMORY_MODULES = frozenset(  # filter backends and paginators that never query: no thread needed
    {drf_filters.__name__, drf_pagination.__name__, filters.__name__, pagination.__name__}
)


def on_face(queryset: Any, face: str) -> Any:
    """A fresh copy of ``queryset`` (a document QuerySet) on ``face`` ('aio' or 'sync').

    Fresh, so a class-level ``queryset`` never serves one request's cached results to the next.
    """
    if not isinstance(queryset, BaseQuerySet):
        return queryset
    return queryset.on_face(face)


def _in_memory(component: Any, method: str) -> bool:
    """True when ``method`` of ``component`` is the library's or DRF's own (it only builds queries)."""
    return getattr(type(component), method).__module__ in IN_MEMORY_MODULES


class DocumentViewMixin:
    """What async document views share: ``id`` lookups, 404 for malformed ids, the async face, the
    library's errors as 400/404/409/413 responses, JSON bodies of bounded depth, and a
    ``files/<field>/`` download route."""

    lookup_field = "id"
    lookup_url_kwarg = "pk"
    schema = DocumentSchema()
    view_is_async = True  # known: adrf would inspect every method of the class on each request

    def get_queryset(self) -> Any:
        return on_face(super().get_queryset(), "aio")  # type: ignore[misc]

    async def async_dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """adrf's ``async_dispatch``, running ``initial()`` on the event loop's thread when nothing it
        calls blocks (see ``initial.py``), in a worker thread otherwise, as adrf does."""
        view: Any = self
        view.args, view.kwargs = args, kwargs
        request = view.request = view.initialize_request(request, *args, **kwargs)
        view.headers = view.default_response_headers
        try:
            if runs_inline(view):
                view.initial(request, *args, **kwargs)
            else:
                await sync_to_async(view.initial)(request, *args, **kwargs)
            handler = view.http_method_not_allowed
            if request.method.lower() in view.http_method_names:
                handler = getattr(view, request.method.lower(), handler)
            if inspect.iscoroutinefunction(handler):
                response = await handler(request, *args, **kwargs)
            else:
                response = await sync_to_async(handler)(request, *args, **kwargs)
        except Exception as exc:
            response = view.handle_exception(exc)
        view.response = view.finalize_response(request, response, *args, **kwargs)
        return view.response

    def get_exception_handler(self) -> Any:
        return exception_handler

    def get_parsers(self) -> list[Any]:
        """The view's parsers, the library's JSONParser (which refuses JSON nested too deep) and
        MultiPartParser (which refuses parts that are no form fields) for DRF's."""
        parsers: list[Any] = super().get_parsers()  # type: ignore[misc]
        return [
            LIBRARY_PARSERS[type(parser)]() if type(parser) in LIBRARY_PARSERS else parser
            for parser in parsers
        ]

    def _lookup(self) -> dict[str, Any]:
        view: Any = self
        return {view.lookup_field: view.kwargs[view.lookup_url_kwarg or view.lookup_field]}

    async def aget_object(self) -> Any:
        view: Any = self
        queryset = await view.afilter_queryset(view.get_queryset())
        try:
            document = await queryset.get(**self._lookup())
        except (DoesNotExist, ValueError):  # a malformed id is a ValueError: 404, never 400 or 500
            raise Http404(f"No {queryset.model.__name__} matches the given query.") from None
        await sync_to_async(view.check_object_permissions)(view.request, document)
        return document

    def get_object(self) -> Any:
        """The document of the URL on the sync face, for DRF's synchronous callers (the metadata of an
        OPTIONS request), which adrf runs in a worker thread."""
        view: Any = self
        queryset = on_face(view.filter_queryset(view.get_queryset()), "sync")
        try:
            document = queryset.get(**self._lookup())
        except (DoesNotExist, ValueError):
            raise Http404(f"No {queryset.model.__name__} matches the given query.") from None
        view.check_object_permissions(view.request, document)
        return document

    async def afilter_queryset(self, queryset: Any) -> Any:
        """The filter backends' QuerySet: the library's and DRF's backends only build queries, so they
        run here; other synchronous backends run in a thread."""
        view: Any = self
        for backend_class in view.filter_backends:
            backend = backend_class()
            if inspect.iscoroutinefunction(backend.filter_queryset):
                queryset = await backend.filter_queryset(view.request, queryset, view)
            elif _in_memory(backend, "filter_queryset"):
                queryset = backend.filter_queryset(view.request, queryset, view)
            else:
                queryset = await sync_to_async(backend.filter_queryset)(view.request, queryset, view)
        return queryset

    async def apaginate_queryset(self, queryset: Any) -> Any:
        """A page of results: the library's paginators read the async QuerySet; DRF's own (sync)
        paginators run in a thread on the sync face, where their ``count()`` and slicing block."""
        view: Any = self
        paginator = view.paginator
        if paginator is None:
            return None
        if hasattr(paginator, "apaginate_queryset"):
            return await paginator.apaginate_queryset(queryset, view.request, view=view)
        if inspect.iscoroutinefunction(paginator.paginate_queryset):
            return await paginator.paginate_queryset(queryset, view.request, view=view)
        sync_queryset = on_face(queryset, "sync")
        return await sync_to_async(paginator.paginate_queryset)(sync_queryset, view.request, view=view)

    async def get_apaginated_response(self, data: Any) -> Any:
        paginator = self.paginator  # type: ignore[attr-defined]
        if inspect.iscoroutinefunction(paginator.get_paginated_response):
            return await paginator.get_paginated_response(data)
        if _in_memory(paginator, "get_paginated_response"):
            return paginator.get_paginated_response(data)
        return await sync_to_async(paginator.get_paginated_response)(data)

    async def perform_adestroy(self, instance: Any) -> None:
        await document_on_face(instance, "aio").delete()

    @action(  # type: ignore[untyped-decorator]
        detail=True, url_path=r"files/(?P<field>[A-Za-z_][A-Za-z0-9_]*)", url_name="file", schema=None
    )
    async def file(self, request: Any, field: str = "", **kwargs: Any) -> HttpResponse:
        """The content of the document's file ``field`` (shown as its ``url`` by the serializer)."""
        document = await self.aget_object()
        if not isinstance(document._fields.get(field), FileField):
            raise Http404(f"{type(document).__name__} has no file field {field!r}.")
        stored = document.__dict__.get(field)
        if not isinstance(stored, StoredFile):
            raise Http404(f"{field} holds no file.")
        content = await getattr(document, field).read()
        response = HttpResponse(content, content_type=stored.content_type or "application/octet-stream")
        response["Content-Disposition"] = content_disposition_header(True, stored.filename or field)
        return response


class DocumentViewSetMixin(DocumentViewMixin):
    """Async actions under any router: DRF's routers bind the sync action names (``list``, ``create``...),
    adrf's the async ones (``alist``, ``acreate``...); both reach the same method (see ``action_for``)."""

    @classonlymethod
    def as_view(cls, actions: dict[str, str] | None = None, **initkwargs: Any) -> Any:
        if actions:
            actions = {method: action_for(cls, name) for method, name in actions.items()}
        return super().as_view(actions, **initkwargs)  # type: ignore[misc]


ASYNC_ACTIONS: dict[str, str] = AsyncRouter.sync_to_async_action_map  # list -> alist, ...
SYNC_ACTIONS = {async_name: name for name, async_name in ASYNC_ACTIONS.items()}
FRAMEWORK_ACTIONS = frozenset(  # modules of DRF's and adrf's own (and of the library's create mixin)
    {drf_mixins.__name__, adrf_mixins.__name__, AsyncIdempotentCreateMixin.__module__}
)


def action_for(viewset: type[Any], name: str) -> str:
    """The method of ``viewset`` serving a route's action ``name`` (``list`` or ``alist``): the viewset's
    own ``alist`` or ``list`` when it defines one, else adrf's async action."""
    sync_name = SYNC_ACTIONS.get(name, name)
    async_name = ASYNC_ACTIONS.get(sync_name, sync_name)
    for candidate in (async_name, sync_name):
        method = getattr(viewset, candidate, None)
        if callable(method) and getattr(method, "__module__", None) not in FRAMEWORK_ACTIONS:
            return candidate
    return async_name if hasattr(viewset, async_name) else name


class AsyncGenericViewSet(ConditionalRequestMixin, DocumentViewSetMixin, viewsets.GenericViewSet):
    """adrf's GenericViewSet for documents."""


class AsyncReadOnlyModelViewSet(ConditionalRequestMixin, DocumentViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """adrf's ReadOnlyModelViewSet for documents: ``alist`` and ``aretrieve``."""


class AsyncModelViewSet(
    ConditionalRequestMixin, AsyncIdempotentCreateMixin, DocumentViewSetMixin, viewsets.ModelViewSet
):
    """adrf's ModelViewSet for documents: list, retrieve, create (honouring ``Idempotency-Key``), update,
    partial update, destroy; retrieve and the writes answer conditional requests."""
