"""Django settings for the test suite (no database: documents live in MongoDB)."""

SECRET_KEY = "tests-only"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "rest_framework", "mongodb_rest"]
DATABASES: dict[str, dict[str, str]] = {}
USE_TZ = True
ROOT_URLCONF: list[object] = []
