"""The project's document classes: those of installed apps' ``documents`` and ``models`` modules and any
other module imported so far, for management commands, permissions and the admin."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.module_loading import autodiscover_modules

from .document.registry import all_documents

if TYPE_CHECKING:
    from .document.base import BaseDocument

DOCUMENTS_MODULE = "documents"


def project_documents(alias: str | None = None, labels: Iterable[str] = ()) -> list[type[BaseDocument]]:
    """Every concrete top-level document class (not embedded, not abstract), sorted by label.

    ``alias`` keeps those stored through that connection; ``labels`` (``app_label`` or
    ``app_label.ObjectName``, as ``dumpdata`` takes them) keeps those named. LookupError for a label that
    names no document.
    """
    autodiscover_modules(DOCUMENTS_MODULE)
    documents = [
        cls
        for cls in all_documents()
        if not cls._meta.embedded and not cls._meta.abstract and cls._meta.collection is not None
    ]
    if alias is not None:
        documents = [cls for cls in documents if cls._meta.db_alias == alias]
    wanted = list(labels)
    if wanted:
        chosen: list[type[BaseDocument]] = []
        for label in wanted:
            found = [cls for cls in documents if _matches(cls, label)]
            if not found:
                raise LookupError(f"No document matches {label!r} (give app_label or app_label.ObjectName).")
            chosen.extend(cls for cls in found if cls not in chosen)
        documents = chosen
    return sorted(documents, key=lambda cls: (cls._meta.label, cls.__module__))


def _matches(cls: type[BaseDocument], label: str) -> bool:
    app_label, _, name = label.partition(".")
    if cls._meta.app_label != app_label:
        return False
    return not name or cls._meta.object_name.lower() == name.lower()
