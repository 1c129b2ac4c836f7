"""The ASGI application: ``uvicorn example.asgi:application`` (with ``MONGODB_URI`` set)."""

from __future__ import annotations

import os

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example.settings")

# The browsable API's stylesheets and scripts are served by the app itself. Behind a web server that
# serves /static/ (filled by `django-admin collectstatic` with STATIC_ROOT set), use
# get_asgi_application() alone.
application = ASGIStaticFilesHandler(get_asgi_application())
