"""DRF on Django's ORM with SQLite: the SQL peer of the DRF scenario, the same 100 members.

DRF's own ModelViewSet and ModelSerializer, routed by DRF's router; a sync view, which Django's async
handler runs in a worker thread, as it does django-rest-framework-mongoengine's. The table lives in
SQLite's shared in-memory database (``web.configure()``), so no disk is timed.
"""

from __future__ import annotations

from ..data import MEMBERS, Context, member
from ..harness import DRF_SCENARIO, Variant

NAME = "drf_django_orm"
PREFIX = "orm"  # where its DRF list is served: web.list_path(PREFIX)
LIBRARIES = {DRF_SCENARIO: NAME}
CANNOT: dict[str, str] = {}


def drf(context: Context) -> Variant:
    from django.db import connection, models
    from rest_framework import routers, serializers, viewsets

    from .. import web

    class Member(models.Model):
        name = models.CharField(max_length=50)
        email = models.EmailField()
        age = models.PositiveIntegerField()
        is_active = models.BooleanField(default=True)

        class Meta:
            app_label = "benchmarks"
            db_table = MEMBERS

    with connection.schema_editor() as editor:
        editor.create_model(Member)
    Member.objects.bulk_create([Member(**member(i)) for i in range(100)])

    class MemberSerializer(serializers.ModelSerializer):
        class Meta:
            model = Member
            fields = ["id", "name", "email", "age", "is_active"]

    class MemberViewSet(viewsets.ModelViewSet):
        serializer_class = MemberSerializer
        queryset = Member.objects.all()

    router = routers.DefaultRouter()
    router.register("members", MemberViewSet, basename="orm-member")
    return web.members_list(context, PREFIX, router.urls)
