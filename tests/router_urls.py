"""URLs of the router matrix: every router (DRF's, adrf's, the library's) serving the same viewsets, each
router under its own prefix and namespace."""

from __future__ import annotations

from typing import Any

from adrf import routers as adrf_routers
from django.urls import include, path
from rest_framework import routers as drf_routers
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mongodb_rest.rest_framework import routers
from mongodb_rest.rest_framework.viewsets import AsyncModelViewSet, AsyncReadOnlyModelViewSet

from .api import ApiMember, ApiMemberSerializer

ROUTERS: dict[str, Any] = {
    "drf-simple": drf_routers.SimpleRouter,
    "drf-default": drf_routers.DefaultRouter,
    "adrf-simple": adrf_routers.SimpleRouter,
    "adrf-default": adrf_routers.DefaultRouter,
    "library-simple": routers.SimpleRouter,
    "library-default": routers.DefaultRouter,
}


class AsyncMembers(AsyncModelViewSet):
    serializer_class = ApiMemberSerializer
    queryset = ApiMember.objects.all()

    @action(detail=True, methods=["post"])
    async def rename(self, request: Any, pk: str | None = None) -> Response:
        member = await self.aget_object()
        member.name = request.data.get("name")
        await member.save()
        return Response({"status": "renamed"})

    @action(detail=False)
    def names(self, request: Any) -> Response:  # a sync action of an async viewset: run in a thread
        return Response(sorted(ApiMember.sync.objects.values_list("name", flat=True)))


class AsyncReadOnlyMembers(AsyncReadOnlyModelViewSet):
    serializer_class = ApiMemberSerializer
    queryset = ApiMember.objects.all()


class OwnActions(AsyncModelViewSet):
    """A viewset that overrides actions under DRF's names, async and sync: every router calls them."""

    serializer_class = ApiMemberSerializer
    queryset = ApiMember.objects.all()

    async def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        return Response({"own": "list", "count": await self.get_queryset().count()})

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        return Response({"own": "retrieve", "name": self.get_object().name})


class SyncMembers(viewsets.ModelViewSet):  # type: ignore[type-arg]
    serializer_class = ApiMemberSerializer

    def get_queryset(self) -> Any:
        return ApiMember.sync.objects.all()

    @action(detail=True, methods=["post"])
    def rename(self, request: Any, pk: str | None = None) -> Response:
        member = self.get_object()
        member.name = request.data.get("name")
        member.save()
        return Response({"status": "renamed"})


def _router(router_class: Any) -> Any:
    router = router_class()
    router.register("async", AsyncMembers, basename="async")
    router.register("read-only", AsyncReadOnlyMembers, basename="read-only")
    router.register("sync", SyncMembers, basename="sync")
    router.register("own", OwnActions, basename="own")
    return router


urlpatterns = [
    path(f"{prefix}/", include((_router(router_class).urls, prefix.replace("-", "_"))))
    for prefix, router_class in ROUTERS.items()
]
