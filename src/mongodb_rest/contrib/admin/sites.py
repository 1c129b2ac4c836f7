"""Registering documents in a Django ``AdminSite`` (Django's own ``admin.site`` by default)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.apps import apps
from django.contrib import admin as django_admin
from django.contrib.admin.exceptions import AlreadyRegistered, NotRegistered
from django.core.exceptions import ImproperlyConfigured
from django.db.models.base import ModelBase

from ...document.base import TopLevelDocument
from .options import DocumentAdmin

if TYPE_CHECKING:
    from django.contrib.admin import AdminSite


A = TypeVar("A", bound="type[DocumentAdmin]")


class DocumentSite:
    """A Django ``AdminSite`` that also takes documents: ``site.register(User, DocumentAdmin)``.

    Documents land in the site's own registry, so its index, app pages, URLs and permissions treat them
    as models. Django models are passed on to the site unchanged; other attributes are the site's.
    """

    def __init__(self, site: AdminSite | None = None) -> None:
        self._site = site

    @property
    def site(self) -> AdminSite:
        """The Django admin site documents are registered in."""
        return self._site if self._site is not None else django_admin.site

    def register(
        self, document_or_iterable: Any, admin_class: type[Any] | None = None, **options: Any
    ) -> None:
        """Register documents (or Django models) with ``admin_class`` (``DocumentAdmin`` by default);
        keyword ``options`` make a subclass of it, as Django's ``register`` does."""
        for document in _documents(document_or_iterable):
            if isinstance(document, ModelBase):
                self.site.register(document, admin_class, **options)
                continue
            document = document._twin_of or document
            meta = document._meta
            if meta.abstract:
                raise ImproperlyConfigured(f"The document {document.__name__} is abstract: it has no admin.")
            if apps.apps_ready and meta.app_config is None:
                raise ImproperlyConfigured(
                    f"The app_label {meta.app_label!r} of {document.__name__} is not an installed app: "
                    "add it to INSTALLED_APPS or set meta 'app_label'."
                )
            if document in self.site._registry:
                known = self.site._registry[document]
                raise AlreadyRegistered(
                    f"The document {document.__name__} is already registered with {known}."
                )
            cls = admin_class or DocumentAdmin
            if not issubclass(cls, DocumentAdmin):
                raise ImproperlyConfigured(
                    f"Documents are registered with a DocumentAdmin, not {cls.__name__}."
                )
            if options:
                cls = type(f"{document.__name__}Admin", (cls,), {**options, "__module__": __name__})
            registry: dict[Any, Any] = self.site._registry
            registry[document] = cls(document, self.site)

    def unregister(self, document_or_iterable: Any) -> None:
        """Remove documents (or models) from the site."""
        for document in _documents(document_or_iterable):
            document = getattr(document, "_twin_of", None) or document
            if document not in self.site._registry:
                raise NotRegistered(f"The document {document.__name__} is not registered.")
            del self.site._registry[document]

    def is_registered(self, document: Any) -> bool:
        """True when ``document`` (either face) is registered."""
        return (getattr(document, "_twin_of", None) or document) in self.site._registry

    def __getattr__(self, name: str) -> Any:
        return getattr(self.site, name)


def _documents(value: Any) -> list[Any]:
    if isinstance(value, (ModelBase, type)) and (
        isinstance(value, ModelBase) or issubclass(value, TopLevelDocument)
    ):
        return [value]
    if isinstance(value, type):
        raise ImproperlyConfigured(f"{value.__name__} is neither a document nor a Django model.")
    return list(value)


site = DocumentSite()
"""Django's default admin site, taking documents too."""


def register(*documents: Any, site: AdminSite | None = None) -> Callable[[A], A]:
    """``@register(User)`` above a ``DocumentAdmin`` subclass registers it in Django's admin site (or
    ``site``)."""

    def wrapper(admin_class: A) -> A:
        if not documents:
            raise ValueError("At least one document must be passed to register.")
        if not issubclass(admin_class, DocumentAdmin):
            raise ValueError("The wrapped class must subclass DocumentAdmin.")
        DocumentSite(site).register(documents, admin_class=admin_class)
        return admin_class

    return wrapper


def registered_documents(site: AdminSite | None = None) -> list[type[TopLevelDocument]]:
    """The documents registered in ``site`` (Django's by default)."""
    target: Any = site if site is not None else django_admin.site
    return [
        model for model in target._registry if isinstance(model, type) and issubclass(model, TopLevelDocument)
    ]
