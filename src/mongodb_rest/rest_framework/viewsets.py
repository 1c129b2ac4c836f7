"""Async viewsets for documents on adrf, using the async face end to end.

DRF's own ``viewsets.ModelViewSet`` and generic views work unchanged with sync-face querysets.
"""

from __future__ import annotations

import inspect
from typing import Any

from adrf import viewsets
from asgiref.sync import sync_to_async
from django.http import Http404

from ..errors import DoesNotExist
from ..query.base import BaseQuerySet


def on_face(queryset: Any, face: str) -> Any:
    """A fresh copy of ``queryset`` (a document QuerySet) on ``face`` ('aio' or 'sync').

    Fresh, so a class-level ``queryset`` never serves one request's cached results to the next.
    """
    if not isinstance(queryset, BaseQuerySet):
        return queryset
    if queryset.model._face == face:
        return queryset.all()
    twin = queryset.model.twin(face)
    return twin.objects._chain(queryset._state._replace(document=twin))


class DocumentViewMixin:
    """What async document views share: ``id`` lookups, 404 for malformed ids, the async face."""

    lookup_field = "id"
    lookup_url_kwarg = "pk"

    def get_queryset(self) -> Any:
        return on_face(super().get_queryset(), "aio")  # type: ignore[misc]

    async def aget_object(self) -> Any:
        view: Any = self
        queryset = await view.afilter_queryset(view.get_queryset())
        value = view.kwargs[view.lookup_url_kwarg or view.lookup_field]
        try:
            document = await queryset.get(**{view.lookup_field: value})
        except (DoesNotExist, ValueError):  # a malformed id is a ValueError: 404, never 400 or 500
            raise Http404(f"No {queryset.model.__name__} matches the given query.") from None
        await sync_to_async(view.check_object_permissions)(view.request, document)
        return document

    async def apaginate_queryset(self, queryset: Any) -> Any:
        """A page of results: an async paginator gets the async QuerySet; DRF's own (sync) paginators
        run in a thread on the sync face, where their ``count()`` and slicing block as they expect."""
        view: Any = self
        paginator = view.paginator
        if paginator is None:
            return None
        if inspect.iscoroutinefunction(paginator.paginate_queryset):
            return await paginator.paginate_queryset(queryset, view.request, view=view)
        sync_queryset = on_face(queryset, "sync")
        return await sync_to_async(paginator.paginate_queryset)(sync_queryset, view.request, view=view)

    async def perform_adestroy(self, instance: Any) -> None:
        await instance.delete()


class AsyncGenericViewSet(DocumentViewMixin, viewsets.GenericViewSet):
    """adrf's GenericViewSet for documents."""


class AsyncReadOnlyModelViewSet(DocumentViewMixin, viewsets.ReadOnlyModelViewSet):
    """adrf's ReadOnlyModelViewSet for documents: ``alist`` and ``aretrieve``."""


class AsyncModelViewSet(DocumentViewMixin, viewsets.ModelViewSet):
    """adrf's ModelViewSet for documents: list, retrieve, create, update, partial update, destroy."""
