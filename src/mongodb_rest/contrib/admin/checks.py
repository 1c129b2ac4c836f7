"""System checks of a DocumentAdmin's options (``manage.py check``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core import checks

from ...fields.containers import ListField
from ...fields.scalars import StringField

if TYPE_CHECKING:
    from .options import DocumentAdmin


def check_document_admin(admin: DocumentAdmin) -> list[checks.CheckMessage]:
    """An Error for each option naming what the document does not have."""
    document = admin.document
    fields = document._fields
    errors: list[checks.CheckMessage] = []

    def error(option: str, message: str, code: int) -> None:
        errors.append(
            checks.Error(
                f"The value of '{option}' {message}", obj=type(admin), id=f"mongodb_rest.E{code:03d}"
            )
        )

    for index, entry in enumerate(admin.list_display):
        if callable(entry) or entry == "__str__" or entry in fields or hasattr(admin, entry):
            continue
        if not hasattr(document, entry):
            where = f"{document.__name__} or {type(admin).__name__}"
            message = f"refers to {entry!r}, which is no field, method or attribute of {where}."
            error(f"list_display[{index}]", message, 1)
    for index, name in enumerate(admin.list_filter):
        if name not in fields:
            error(
                f"list_filter[{index}]",
                f"refers to {name!r}, which is not a field of {document.__name__}.",
                2,
            )
    for index, spec in enumerate(admin.search_fields):
        name = spec.lstrip("^=")
        field: Any = fields.get(name)
        if field is None:
            error(
                f"search_fields[{index}]",
                f"refers to {name!r}, which is not a field of {document.__name__}.",
                3,
            )
            continue
        inner = field.field if isinstance(field, ListField) else field
        if spec[:1] != "=" and not isinstance(inner, StringField):
            error(
                f"search_fields[{index}]",
                f"refers to {name!r}, which holds no text: search it exactly with '={name}'.",
                4,
            )
    for option in ("fields", "exclude", "readonly_fields"):
        for index, name in enumerate(getattr(admin, option) or ()):
            if name not in fields:
                error(
                    f"{option}[{index}]",
                    f"refers to {name!r}, which is not a field of {document.__name__}.",
                    5,
                )
    for index, key in enumerate(admin.ordering or ()):
        if key.lstrip("-") not in fields and key.lstrip("-") != "pk":
            error(
                f"ordering[{index}]",
                f"refers to {key.lstrip('-')!r}, which is not a field of {document.__name__}.",
                6,
            )
    if not isinstance(admin.list_per_page, int) or admin.list_per_page < 1:
        error("list_per_page", "must be a positive integer.", 7)
    if admin.opts.app_config is None:
        error(
            "model",
            f"is {document.__name__}, whose app_label {admin.opts.app_label!r} is not an installed app.",
            8,
        )
    return errors
