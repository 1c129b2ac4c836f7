"""Views honouring Idempotency-Key, for tests/test_idempotency.py: DRF's ModelViewSet with the mixin on
the sync face, the library's AsyncModelViewSet on the async face, and ``@action``s marked ``@idempotent``."""

from __future__ import annotations

from typing import Any

from django.urls import path
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.schemas import get_schema_view

from mongodb_rest.rest_framework import generics
from mongodb_rest.rest_framework.idempotency import IdempotentCreateMixin, idempotent
from mongodb_rest.rest_framework.routers import DefaultRouter
from mongodb_rest.rest_framework.viewsets import AsyncModelViewSet

from .api import ApiMember, ApiMemberSerializer

calls: list[str] = []  # the actions that ran, in order


class ReadsBody(BasePermission):
    """A permission that parses the body before the view runs."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return "name" in request.data


class MemberViewSet(IdempotentCreateMixin, viewsets.ModelViewSet):  # type: ignore[type-arg]
    serializer_class = ApiMemberSerializer
    queryset = ApiMember.sync.objects.all()

    @action(detail=True, methods=["post"])
    @idempotent
    def rename(self, request: Any, pk: str | None = None) -> Response:
        member = self.get_object()
        member.name = request.data["name"]
        member.save()
        calls.append("rename")
        return Response({"name": member.name})

    @action(detail=False, methods=["post"])
    @idempotent
    def unavailable(self, request: Any) -> Response:
        calls.append("unavailable")
        return Response({"detail": "try later"}, status=503)

    @action(detail=False, methods=["post"], permission_classes=[ReadsBody])
    @idempotent
    def checked(self, request: Any) -> Response:
        calls.append("checked")
        return Response({"name": request.data["name"]}, status=201)

    @action(detail=False, methods=["post"])
    def plain(self, request: Any) -> Response:
        calls.append("plain")
        return Response({"ran": True})


class AsyncMemberViewSet(AsyncModelViewSet):
    serializer_class = ApiMemberSerializer
    queryset = ApiMember.objects.all()

    @action(detail=True, methods=["post"])
    @idempotent
    async def rename(self, request: Any, pk: str | None = None) -> Response:
        member = await self.aget_object()
        member.name = request.data["name"]
        await member.save()
        calls.append("arename")
        return Response({"name": member.name})

    @action(detail=False, methods=["post"])
    @idempotent
    async def explode(self, request: Any) -> Response:
        calls.append("explode")
        raise RuntimeError("boom")


class AsyncMemberList(generics.ListCreateAPIView):
    serializer_class = ApiMemberSerializer
    queryset = ApiMember.objects.all()


router = DefaultRouter()
router.register("members", MemberViewSet, basename="idem-member")
router.register("async-members", AsyncMemberViewSet, basename="idem-async-member")
urlpatterns = [
    *router.urls,
    path("generic-members/", AsyncMemberList.as_view()),
    path("schema/", get_schema_view(title="Idempotency", version="1")),
]

drf_router = SimpleRouter()  # DRF's own router binds ``create``: the viewset's idempotent acreate serves it
drf_router.register("drf-async-members", AsyncMemberViewSet, basename="idem-drf-async-member")
urlpatterns += drf_router.urls
