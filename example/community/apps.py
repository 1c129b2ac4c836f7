"""The community app."""

from django.apps import AppConfig


class CommunityConfig(AppConfig):
    """``'example.community'`` in ``INSTALLED_APPS``."""

    name = "example.community"
    label = "community"
