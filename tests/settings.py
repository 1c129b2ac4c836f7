"""Django settings for the test suite (no database: documents live in MongoDB)."""

SECRET_KEY = "tests-only"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "rest_framework", "mongodb_rest"]
# the admin tests' project (tests/admin_site.py gives it middleware, templates, URLs and a SQL database)
INSTALLED_APPS += [
    "django.contrib.admin",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "tests.library",
]
DATABASES: dict[str, dict[str, str]] = {}
USE_TZ = True
ROOT_URLCONF = "tests.urls"
ALLOWED_HOSTS = ["*"]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "mongodb_rest.rest_framework.schemas.AutoSchema",  # for DRF's own views
    "EXCEPTION_HANDLER": "mongodb_rest.rest_framework.exceptions.exception_handler",
}
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
STATIC_URL = "/static/"
