"""Settings of the library project (``DJANGO_SETTINGS_MODULE=tests.library.settings``): SQLite for users,
sessions and permissions, MongoDB (``MONGODB_URI``, database ``LIBRARY_DB``) for documents."""

import os
import tempfile

SECRET_KEY = "tests-only"
DEBUG = False
USE_TZ = True
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "mongodb_rest",
    "tests.library",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
ROOT_URLCONF = "tests.library.urls"
STATIC_URL = "/static/"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("LIBRARY_SQLITE", os.path.join(tempfile.gettempdir(), "library.sqlite3")),
    }
}
MONGODB_SETTINGS = {
    "host": os.environ.get("MONGODB_URI", "mongodb://localhost:27017"),
    "db": os.environ.get("LIBRARY_DB", "library"),
}
