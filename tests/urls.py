"""URLs of the test suite's API: a DRF viewset on the sync face and an adrf one on the async face."""

from __future__ import annotations

from adrf.routers import DefaultRouter as AsyncRouter
from rest_framework.routers import DefaultRouter

from .api import AsyncMemberViewSet, AsyncPagedMemberViewSet, MemberViewSet, PagedMemberViewSet

sync_router = DefaultRouter()
sync_router.register("members", MemberViewSet, basename="member")
sync_router.register("paged-members", PagedMemberViewSet, basename="paged-member")
async_router = AsyncRouter()
async_router.register("async-members", AsyncMemberViewSet, basename="async-member")
async_router.register("async-paged-members", AsyncPagedMemberViewSet, basename="async-paged-member")

urlpatterns = [*sync_router.urls, *async_router.urls]
