"""URLs of the test suite's API: a DRF viewset on the sync face and an adrf one on the async face."""

from __future__ import annotations

from adrf.routers import DefaultRouter as AsyncRouter
from rest_framework.routers import DefaultRouter

from .api import AsyncMemberViewSet, MemberViewSet

sync_router = DefaultRouter()
sync_router.register("members", MemberViewSet, basename="member")
async_router = AsyncRouter()
async_router.register("async-members", AsyncMemberViewSet, basename="async-member")

urlpatterns = [*sync_router.urls, *async_router.urls]
