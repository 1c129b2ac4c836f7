"""Async document viewsets as drf-spectacular's schema generation sees them."""

from __future__ import annotations

from mongodb_rest.rest_framework.routers import DefaultRouter

from .api import AsyncPostViewSet, DeepPostViewSet

router = DefaultRouter()
router.register("async-posts", AsyncPostViewSet, basename="async-post")
router.register("deep-posts", DeepPostViewSet, basename="deep-post")
urlpatterns = router.urls
