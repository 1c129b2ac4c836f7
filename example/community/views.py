"""The API: adrf viewsets on the async face for users and posts, DRF's own viewset on the sync face for
places, a plain Django view on the sync face, and a health check."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET
from pymongo.errors import PyMongoError
from rest_framework import filters, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from mongodb_rest import get_db
from mongodb_rest.rest_framework.filters import DocumentFilterBackend
from mongodb_rest.rest_framework.pagination import CursorPagination
from mongodb_rest.rest_framework.viewsets import AsyncModelViewSet

from .documents import MAX_COMMENTS, Comment, Place, Post, User
from .filters import NearFilter
from .serializers import CommentSerializer, PlaceSerializer, PostSerializer, UserSerializer

logger = logging.getLogger(__name__)
FILTERS = [DocumentFilterBackend, filters.SearchFilter, filters.OrderingFilter]


class Pages(CursorPagination):
    """Keyset pages, newest first unless ``?ordering=`` says otherwise; ``?page_size=`` up to 100."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class UserViewSet(AsyncModelViewSet):
    """Members of the community. An avatar is uploaded as the multipart field `avatar` and downloaded from
    `/api/users/<id>/files/avatar/`."""

    serializer_class = UserSerializer
    queryset = User.objects.all()
    pagination_class = Pages
    filter_backends = FILTERS
    filterset_fields = {
        "name": ["icontains"],
        "age": ["exact", "gte", "lte"],
        "tags": ["exact", "all"],
        "address__city": ["exact"],
    }
    search_fields = ["name", "email"]
    ordering_fields = ["name", "age", "created_at"]


class PostViewSet(AsyncModelViewSet):
    """Blog posts. `POST /api/posts/<id>/comment/` adds a comment atomically."""

    serializer_class = PostSerializer
    queryset = Post.objects.all()
    pagination_class = Pages
    filter_backends = FILTERS
    filterset_fields = {
        "author": ["exact"],
        "published": ["exact"],
        "tags": ["exact", "all"],
        "title": ["icontains"],
        "created_at": ["gte", "lt"],
    }
    search_fields = ["title", "body", "tags"]
    ordering_fields = ["title", "created_at"]

    @action(detail=True, methods=["post"], serializer_class=CommentSerializer)
    async def comment(self, request: Any, pk: str | None = None) -> Response:
        """Add a comment: one `$push`, so concurrent comments are all kept."""
        post = await self.aget_object()
        if len(post.comments) >= MAX_COMMENTS:  # a `$push` skips the field's max_length
            raise ValidationError({"comments": [f"A post takes at most {MAX_COMMENTS} comments."]})
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = Comment(**serializer.validated_data)
        await Post.objects.filter(id=post.id).update_one(push__comments=comment)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class PlaceViewSet(viewsets.ModelViewSet):
    """Places on the map, on DRF's own (sync) viewset: `?near=<lng>,<lat>&max_distance=<metres>`
    keeps the places around a point."""

    serializer_class = PlaceSerializer
    lookup_field = "id"
    geo_field = "location"
    pagination_class = Pages
    filter_backends = [NearFilter, *FILTERS]
    filterset_fields = {"name": ["exact", "icontains"]}
    search_fields = ["name", "description"]
    ordering_fields = ["name"]

    def get_queryset(self) -> Any:
        return Place.sync.objects.all()  # a fresh QuerySet per request


@require_GET
def stats(request: HttpRequest) -> JsonResponse:
    """Counts and the most used tags, from a plain sync Django view on the sync face (Django runs it in
    a worker thread under ASGI)."""
    top_tags = Post.sync.objects.aggregate(
        [
            {"$unwind": "$tags"},
            {"$group": {"_id": "$tags", "posts": {"$sum": 1}}},
            {"$sort": {"posts": -1, "_id": 1}},
            {"$limit": 10},
        ]
    )
    return JsonResponse(
        {
            "users": User.sync.objects.count(),
            "posts": Post.sync.objects.count(),
            "published_posts": Post.sync.objects.filter(published=True).count(),
            "places": Place.sync.objects.count(),
            "top_tags": [{"tag": row["_id"], "posts": row["posts"]} for row in top_tags],
        }
    )


@require_GET
async def health(request: HttpRequest) -> JsonResponse:
    """200 when the database answers ``ping``, else 503 (saying no more: the cause is for the logs)."""
    try:
        await get_db().command("ping")
    except PyMongoError as exc:
        logger.warning("The health check could not ping the database: %s", exc)
        return JsonResponse({"status": "unavailable", "error": "The database is unavailable."}, status=503)
    return JsonResponse({"status": "ok"})
