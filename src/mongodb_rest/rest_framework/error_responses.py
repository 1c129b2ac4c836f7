"""The error answers of document views as OpenAPI responses: which statuses an operation can answer,
and the shape of their bodies."""

from __future__ import annotations

from typing import Any

from ..document.base import BaseDocument
from ..document.delete_rules import CASCADE, DENY, delete_rules
from ..fields import GenericReferenceField, ListField, ReferenceField
from ..indexes import declared_indexes

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
CONFLICT = {"anyOf": [DETAIL, {"type": "object", "additionalProperties": {}}]}  # detail, or by field
INVALID = {  # a serializer's messages by field, `detail` for a malformed body, or a list of messages
    "anyOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {"type": "string"}},
    ]
}
UNAVAILABLE = {"type": "object", "properties": {"detail": {"type": "string"}}}
DESCRIPTIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "400": ("The request is invalid: the messages by field (`detail` for a malformed request).", INVALID),
    "404": ("No such document (or a forged or stale cursor).", DETAIL),
    "409": (
        "The request conflicts with what is stored: a value a unique index holds already or a reference "
        "to a missing document (the messages by field), or a delete a DENY reference refuses.",
        CONFLICT,
    ),
    "503": ("The database is unavailable.", UNAVAILABLE),
}


def document_model(view: Any) -> type[BaseDocument] | None:
    """The document class a view serves (None when it serves none)."""
    model = getattr(getattr(view, "queryset", None), "model", None)
    if model is None:
        try:
            model = view.get_queryset().model
        except Exception:  # views without a queryset describe their operations as they can
            return None
    return model if isinstance(model, type) and issubclass(model, BaseDocument) else None


def error_statuses(view: Any, path: str, method: str, *, listing: bool) -> list[str]:
    """The error statuses of ``method`` on ``path``: 400 for a body or query parameters it reads
    (filters, page sizes), 404 on a detail route or a paginated list (cursors), 409 for a write to a
    document with unique indexes or references and for a delete a DENY reference can refuse, 503 on
    any document view."""
    model = document_model(view)
    paginated = listing and getattr(view, "pagination_class", None) is not None
    filtered = bool(getattr(view, "filter_backends", None)) and method != "POST"
    statuses = []
    if method in BODY_METHODS or filtered or paginated:
        statuses.append("400")
    if "{" in path or paginated:
        statuses.append("404")
    if model is not None and (
        (method == "DELETE" and may_deny(model)) or (method in BODY_METHODS and may_conflict(model))
    ):
        statuses.append("409")
    if model is not None:
        statuses.append("503")
    return statuses


def error_responses(view: Any, path: str, method: str, *, listing: bool) -> dict[str, dict[str, Any]]:
    """OpenAPI response objects of :func:`error_statuses`, with JSON bodies."""
    responses = {}
    for status in error_statuses(view, path, method, listing=listing):
        description, schema = DESCRIPTIONS[status]
        content = {"application/json": {"schema": dict(schema)}}
        if status == "404" and "{" in path:  # an id the URL pattern refuses gets Django's own page
            content["text/html"] = {"schema": {"type": "string"}}
        responses[status] = {"description": description, "content": content}
    return responses


def may_deny(model: type[Any], seen: frozenset[type[Any]] = frozenset()) -> bool:
    """Whether deleting a ``model`` document can be refused: a DENY reference to it, or to a document
    its CASCADE rules delete with it."""
    if model in seen or model._embedded:
        return False
    for rule in delete_rules(model):
        if rule.rule == DENY or (rule.rule == CASCADE and may_deny(rule.referrer, seen | {model})):
            return True
    return False


def may_conflict(model: type[Any]) -> bool:
    """Whether a write of a ``model`` document can conflict with what is stored: a unique index, or a
    reference (which must name an existing document)."""
    if any(index.document.get("unique") for index in declared_indexes(model)):
        return True
    references = (ReferenceField, GenericReferenceField)
    return any(
        isinstance(field, references)
        or (isinstance(field, ListField) and isinstance(field.field, references))
        for field in model._fields.values()
    )
