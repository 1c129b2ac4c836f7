"""URLs of the test suite's API: DRF views on the sync face, adrf views on the async face, schemas."""

from __future__ import annotations

from django.urls import path
from rest_framework.schemas import get_schema_view

from mongodb_rest.rest_framework.routers import DefaultRouter

from .api import (
    AsyncMemberViewSet,
    AsyncPagedMemberViewSet,
    AsyncPostViewSet,
    AuthorPostViewSet,
    DeepPostViewSet,
    MemberDetail,
    MemberList,
    MemberViewSet,
    PagedMemberViewSet,
    PostViewSet,
)

router = DefaultRouter()
router.register("members", MemberViewSet, basename="member")
router.register("paged-members", PagedMemberViewSet, basename="paged-member")
router.register("posts", PostViewSet, basename="post")
router.register("async-members", AsyncMemberViewSet, basename="async-member")
router.register("async-paged-members", AsyncPagedMemberViewSet, basename="async-paged-member")
router.register("async-posts", AsyncPostViewSet, basename="async-post")
router.register("deep-posts", DeepPostViewSet, basename="deep-post")
router.register("author-posts", AuthorPostViewSet, basename="author-post")

urlpatterns = [
    *router.urls,
    path("generic-members/", MemberList.as_view()),
    path("generic-members/<str:pk>/", MemberDetail.as_view()),
    path("schema/", get_schema_view(title="Tests", version="1"), name="schema"),
]
