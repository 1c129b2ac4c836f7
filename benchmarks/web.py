"""Django for the DRF scenario: settings configured in code, this module as the URLconf, the requests.

Each library adds its routes here before the first request (``members_list()``), under a prefix of its
own.
"""

from __future__ import annotations

import django
from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

from .data import Context
from .harness import Variant, on_loop

urlpatterns: list[URLPattern | URLResolver] = []


def configure() -> None:
    """Set Django up once: no authentication, this module as ROOT_URLCONF.

    The only SQL database is SQLite's shared in-memory one, for the Django ORM peer of the DRF scenario
    (shared, so that the worker thread running a sync view sees the table the main thread filled).
    """
    if settings.configured:
        return
    settings.configure(
        SECRET_KEY="benchmarks-only",
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "rest_framework",
            "mongodb_rest",
        ],
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": "file:benchmarks?mode=memory&cache=shared",
            }
        },
        USE_TZ=True,
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["*"],
        DEBUG=False,
        MIDDLEWARE=[],
        REST_FRAMEWORK={
            "DEFAULT_AUTHENTICATION_CLASSES": [],
            "DEFAULT_PERMISSION_CLASSES": [],
            "UNAUTHENTICATED_USER": None,
            "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        },
    )
    django.setup()


def list_path(prefix: str) -> str:
    """Where a library's list endpoint is: ``members/`` under its prefix."""
    return f"/{prefix}/members/"


def members_list(context: Context, prefix: str, patterns: list[URLPattern | URLResolver]) -> Variant:
    """Serve ``patterns`` under ``prefix/`` (its list at ``list_path(prefix)``) and time GETs of the list.

    A timed run is ``context.counts.requests`` GETs through Django's AsyncClient, each listing 100 members.
    """
    from django.test import AsyncClient

    urlpatterns.append(path(f"{prefix}/", include(patterns)))
    client = AsyncClient()
    count = context.counts.requests
    url = list_path(prefix)

    async def run(_: None) -> int:
        ok = 0
        for _ in range(count):
            response = await client.get(url)
            ok += response.status_code == 200
        return ok

    return Variant(on_loop(context.loop, run), count)
