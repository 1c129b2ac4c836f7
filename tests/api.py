"""The documents, serializers and viewsets behind tests/urls.py."""

from __future__ import annotations

from typing import Any

from rest_framework import filters, pagination, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mongodb_rest import Document, EmbeddedDocument
from mongodb_rest.fields import (
    DENY,
    BooleanField,
    DateTimeField,
    EmailField,
    EmbeddedDocumentField,
    FileField,
    GenericReferenceField,
    IntField,
    ListField,
    PointField,
    ReferenceField,
    StringField,
)
from mongodb_rest.rest_framework import generics
from mongodb_rest.rest_framework.filters import DocumentFilterBackend
from mongodb_rest.rest_framework.pagination import CursorPagination
from mongodb_rest.rest_framework.serializers import DocumentSerializer
from mongodb_rest.rest_framework.viewsets import AsyncModelViewSet, AsyncReadOnlyModelViewSet


class ApiMember(Document):
    name = StringField(required=True, max_length=50)
    email = EmailField(required=True)
    age = IntField(min_value=0)
    is_active = BooleanField(default=True)
    meta = {"collection": "api_members", "ordering": ["name"]}


class ApiMemberSerializer(DocumentSerializer):
    class Meta:
        model = ApiMember
        fields = ["id", "name", "email", "age", "is_active"]


class MemberViewSet(viewsets.ModelViewSet):  # type: ignore[type-arg]
    serializer_class = ApiMemberSerializer

    def get_queryset(self) -> Any:
        return ApiMember.sync.objects.filter(is_active=True)

    @action(detail=True, methods=["post"])
    def rename(self, request: Any, pk: str | None = None) -> Response:
        member = self.get_object()
        member.name = request.data.get("name")
        member.save()
        return Response({"status": "renamed"})

    @action(detail=False)
    def active_users(self, request: Any) -> Response:
        return Response(self.get_serializer(ApiMember.sync.objects.filter(is_active=True), many=True).data)


class AsyncMemberViewSet(AsyncModelViewSet):
    serializer_class = ApiMemberSerializer
    queryset = ApiMember.objects.all()


class SmallPages(pagination.PageNumberPagination):
    page_size = 2


class PagedMemberViewSet(MemberViewSet):
    pagination_class = SmallPages


class AsyncPagedMemberViewSet(AsyncMemberViewSet):
    pagination_class = pagination.LimitOffsetPagination


class ApiAddress(EmbeddedDocument):
    street = StringField(required=True, max_length=100)
    city = StringField(required=True, max_length=50)


class ApiPost(Document):
    title = StringField(required=True, max_length=100)
    author = ReferenceField(ApiMember, reverse_delete_rule=DENY)
    about = GenericReferenceField()
    address = EmbeddedDocumentField(ApiAddress)
    tags = ListField(StringField(max_length=20))
    views = IntField(min_value=0, default=0)
    published = DateTimeField()
    location = PointField()
    attachment = FileField()
    meta = {"collection": "api_posts"}


class ApiPostSerializer(DocumentSerializer):
    class Meta:
        model = ApiPost
        fields = "__all__"


class DeepPostSerializer(DocumentSerializer):
    class Meta:
        model = ApiPost
        fields = ["id", "title", "author"]
        depth = 1


class PostPages(CursorPagination):
    page_size = 2
    page_size_query_param = "page_size"
    max_page_size = 50


POST_FILTERS = {
    "title": ["exact", "icontains"],
    "views": ["exact", "gte", "lte", "in"],
    "tags": ["exact", "all"],
    "author": ["exact"],
    "published": ["gte", "lt"],
    "address__city": ["exact"],
}


class AsyncPostViewSet(AsyncModelViewSet):
    serializer_class = ApiPostSerializer
    queryset = ApiPost.objects.all()
    filter_backends = [DocumentFilterBackend, filters.SearchFilter, filters.OrderingFilter]
    filterset_fields = POST_FILTERS
    search_fields = ["title", "tags"]
    ordering_fields = ["title", "views", "published"]
    pagination_class = PostPages


class PostViewSet(viewsets.ModelViewSet):  # type: ignore[type-arg]
    serializer_class = ApiPostSerializer
    queryset = ApiPost.sync.objects.all()
    filter_backends = [DocumentFilterBackend, filters.SearchFilter, filters.OrderingFilter]
    filterset_fields = POST_FILTERS
    search_fields = ["title", "tags"]
    ordering_fields = ["title", "views", "published"]
    pagination_class = PostPages

    def get_queryset(self) -> Any:
        return ApiPost.sync.objects.all()


class DeepPostViewSet(AsyncReadOnlyModelViewSet):
    serializer_class = DeepPostSerializer
    queryset = ApiPost.objects.all()


class MemberList(generics.ListCreateAPIView):
    serializer_class = ApiMemberSerializer
    queryset = ApiMember.objects.all()


class MemberDetail(generics.RetrieveUpdateDestroyAPIView):
    serializer_class = ApiMemberSerializer
    queryset = ApiMember.sync.objects.all()  # a sync-face queryset works too


class OwnPostsOnly(filters.BaseFilterBackend):
    """A user's filter backend that queries (sync face): the async views run it in a thread."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        author = ApiMember.sync.objects.filter(name=request.query_params.get("author_name", "")).first()
        return queryset.filter(author=author.id) if author is not None else queryset


class AuthorPostViewSet(AsyncReadOnlyModelViewSet):
    serializer_class = ApiPostSerializer
    queryset = ApiPost.objects.all()
    filter_backends = [OwnPostsOnly]
