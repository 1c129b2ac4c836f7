"""URLs: the API under /api/, its OpenAPI schema at /api/schema/."""

from __future__ import annotations

from django.urls import include, path
from django.views.generic import RedirectView
from rest_framework.renderers import JSONOpenAPIRenderer, OpenAPIRenderer
from rest_framework.schemas import get_schema_view

from mongodb_rest.rest_framework.routers import DefaultRouter

from .community import views

router = DefaultRouter()
router.register("users", views.UserViewSet, basename="user")
router.register("posts", views.PostViewSet, basename="post")
router.register("places", views.PlaceViewSet, basename="place")

schema = get_schema_view(
    title="Community API",
    description="Users, posts and places on MongoDB, through mongodb-rest.",
    version="1.0.0",
    renderer_classes=[JSONOpenAPIRenderer, OpenAPIRenderer],
)

urlpatterns = [
    path("", RedirectView.as_view(url="/api/")),
    path("api/schema/", schema, name="openapi-schema"),
    path("api/stats/", views.stats, name="stats"),
    path("api/health/", views.health, name="health"),
    path("api/", include(router.urls)),
]
