"""Django permissions for documents: ``<app_label>.add_<model_name>`` and its change, delete and view
siblings, stored in Django's database as for models (ContentType and Permission rows)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import DEFAULT_DB_ALIAS

from ..discovery import project_documents

if TYPE_CHECKING:
    from ..document.base import BaseDocument

ACTIONS = ("add", "change", "delete", "view")


def create_permissions(
    documents: Iterable[type[BaseDocument]] | None = None, using: str = DEFAULT_DB_ALIAS
) -> int:
    """Create the four permissions of each document (every document of an installed app by default);
    return how many were created. Existing ones are kept."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    if documents is None:
        documents = [cls for cls in project_documents() if cls._meta.app_config is not None]
    created = 0
    for cls in documents:
        meta = cls._meta
        content_type, _ = ContentType.objects.db_manager(using).get_or_create(
            app_label=meta.app_label, model=meta.model_name
        )
        for action in ACTIONS:
            _, new = Permission.objects.db_manager(using).get_or_create(
                content_type=content_type,
                codename=f"{action}_{meta.model_name}",
                defaults={"name": f"Can {action} {meta.verbose_name}"},
            )
            created += new
    return created


def create_permissions_after_migrate(app_config: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """``post_migrate`` receiver: once Django's auth app is migrated, create the documents' permissions."""
    if app_config.name == "django.contrib.auth":
        create_permissions(using=using)
