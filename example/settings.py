"""Django settings of the example. MongoDB is the only database: ``MONGODB_URI`` says where it is
(``python -m example`` sets it, starting the embedded server when it is not set)."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

try:
    MONGODB_URI = os.environ["MONGODB_URI"]
except KeyError:
    raise ImproperlyConfigured(
        "Set MONGODB_URI (e.g. mongodb://localhost:27017/), or start the example with `python -m example`, "
        "which starts an embedded server when MONGODB_URI is not set."
    ) from None

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-only-not-secret")
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.staticfiles",
    "rest_framework",
    "mongodb_rest",
    "example.community",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "mongodb_rest.middleware.DatabaseUnavailableMiddleware",  # a 503, not a 500, when MongoDB is down
]
# DEBUG's error pages (and error e-mails) without the password of MONGODB_URI
DEFAULT_EXCEPTION_REPORTER_FILTER = "mongodb_rest.debug.MongoExceptionReporterFilter"
ROOT_URLCONF = "example.urls"
ASGI_APPLICATION = "example.asgi.application"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
STATIC_URL = "/static/"
USE_TZ = True
TIME_ZONE = "UTC"

DATABASES: dict[str, dict[str, str]] = {}  # no SQL database: the documents live in MongoDB
MONGODB_SETTINGS = {
    "host": MONGODB_URI,
    "db": os.environ.get("MONGODB_DB", "community"),
    "TIMEOUT": 5,  # seconds each operation may wait: a hung server answers 503 quickly
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],  # an open demo API: no users table, no login
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "mongodb_rest.rest_framework.exceptions.exception_handler",
    "DEFAULT_PARSER_CLASSES": [  # DRF's, with the JSON and multipart parsers refusing what they take wrongly
        "mongodb_rest.rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "mongodb_rest.rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "mongodb_rest.rest_framework.schemas.AutoSchema",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
