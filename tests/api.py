"""The documents, serializers and viewsets behind tests/urls.py."""

from __future__ import annotations

from typing import Any

from rest_framework import pagination, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mongodb_rest import Document
from mongodb_rest.fields import BooleanField, EmailField, IntField, StringField
from mongodb_rest.rest_framework.serializers import DocumentSerializer
from mongodb_rest.rest_framework.viewsets import AsyncModelViewSet


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
