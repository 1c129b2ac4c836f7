"""Conditional requests on document views: an ``ETag`` on retrieve and update responses,
``If-None-Match`` answered 304, ``If-Match`` answered 412 when stale (428 when required and missing).

For a versioned document the tag is its class, id and version, and a write under ``If-Match`` is
conditional on that version in the database (one atomic operation). For other documents the tag is a
hash of the response data, compared with the current representation before the write: a write by
someone else between that comparison and the write can still be lost (version the document to close it).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Literal

from adrf.mixins import get_data
from django.conf import settings
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

from ..document.base import TopLevelDocument
from ..document.twins import on_face
from ..errors import ConflictError
from ..query.lookups import compile_q
from ..query.q import Q
from .error_responses import document_model
from .exceptions import Conflict

WRITES = frozenset({"PUT", "PATCH", "DELETE"})
READS = frozenset({"GET", "HEAD"})
_QUOTED = r'[ \t]*(W/)?"[!#-~]*"[ \t]*'  # an entity tag: ASCII, no quote inside, W/ when weak
# An If-Match / If-None-Match value: the parser's grammar and the schema's pattern (ECMA and Python alike).
CONDITION_PATTERN = rf"^([ \t]*\*[ \t]*|{_QUOTED}(,{_QUOTED})*)$"
CONDITION = re.compile(CONDITION_PATTERN)
TAG = re.compile(r'(W/)?"([!#-~]*)"')

Condition = Literal["*"] | tuple[tuple[bool, str], ...]  # '*' or (weak, opaque tag) pairs


class PreconditionFailed(exceptions.APIException):
    """412: the document is not in the state ``If-Match`` names; nothing was written."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The document was changed since you read it (If-Match does not match); read it again."
    default_code = "precondition_failed"

    def __init__(self, detail: str | None = None, etag: str | None = None) -> None:
        super().__init__(detail)
        self.etag = etag


class PreconditionRequired(exceptions.APIException):
    """428: this view only takes writes that send ``If-Match``."""

    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send If-Match with the ETag of the document you read (or If-Match: *)."
    default_code = "precondition_required"


def parse_condition(header: str, name: str) -> Condition:
    """The entity tags of an ``If-Match`` / ``If-None-Match`` header; ParseError (400) when malformed."""
    if CONDITION.fullmatch(header) is None:
        raise exceptions.ParseError(f'Malformed {name} header: expected * or quoted entity tags ("...").')
    if header.strip(" \t") == "*":
        return "*"
    return tuple((bool(weak), tag) for weak, tag in TAG.findall(header))


def document_etag(document: TopLevelDocument, data: Any) -> str:
    """The strong ETag of ``document`` shown as ``data``: class, id and version for a versioned
    document, else a hash of ``data``."""
    if _versioned(document):
        return version_etag(type(document), document.id, document.version)  # type: ignore[attr-defined]
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return f'"{hashlib.sha256(text.encode()).hexdigest()[:32]}"'


def version_etag(cls: type[TopLevelDocument], ident: Any, version: int | None) -> str:
    """The ETag of version ``version`` of the ``cls`` document ``ident``."""
    identity = hashlib.sha256(f"{cls._meta.label}:{ident}".encode()).hexdigest()[:16]
    return f'"{identity}-{version}"'


def matches(condition: Condition, etag: str, weak: bool) -> bool:
    """True when ``etag`` is one of the condition's tags (``weak``: W/ tags count, as for
    If-None-Match; If-Match compares strong tags only)."""
    if condition == "*":
        return True
    opaque = etag.strip('"')
    return any(tag == opaque and (weak or not is_weak) for is_weak, tag in condition)


def _versioned(document: Any) -> bool:
    return getattr(type(document), "_version_key", None) is not None


class ConditionalRequestMixin:
    """ETag, If-None-Match, If-Match and (``require_if_match = True`` or the setting
    ``MONGODB_REST_REQUIRE_IF_MATCH``) a required If-Match, for document views: the library's
    viewsets include it; put it first in the bases of DRF's ``ModelViewSet`` over sync-face documents."""

    require_if_match: bool | None = None  # None: settings.MONGODB_REST_REQUIRE_IF_MATCH (default False)
    _if_match: Condition | None = None
    _if_none_match: Condition | None = None
    _conditional_document: TopLevelDocument | None = None

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if request.method in WRITES:
            header = request.headers.get("If-Match")
            if header is not None:
                self._if_match = parse_condition(header, "If-Match")
            elif self._requires_if_match():
                raise PreconditionRequired()
        elif request.method in READS:
            header = request.headers.get("If-None-Match")
            if header is not None:
                self._if_none_match = parse_condition(header, "If-None-Match")

    def _requires_if_match(self) -> bool:
        if self.require_if_match is not None:
            return self.require_if_match
        return bool(getattr(settings, "MONGODB_REST_REQUIRE_IF_MATCH", False))

    def get_object(self) -> Any:
        try:
            document = super().get_object()  # type: ignore[misc]
        except Http404:
            self._refuse_missing()
            raise
        if self._if_match is not None and not _versioned(document):
            self._check(document, self.get_serializer(document).data)  # type: ignore[attr-defined]
        else:
            self._check(document, None)
        return document

    async def aget_object(self) -> Any:
        try:
            document = await super().aget_object()  # type: ignore[misc]
        except Http404:
            self._refuse_missing()
            raise
        if self._if_match is not None and not _versioned(document):
            self._check(document, await get_data(self.get_serializer(document)))  # type: ignore[attr-defined]
        else:
            self._check(document, None)
        return document

    def _refuse_missing(self) -> None:
        """Under If-Match, PreconditionFailed for a document that does not exist; a URL that can name
        no document (a malformed id) stays a 404, found before any precondition is evaluated."""
        if self._if_match is not None and self._names_a_document():
            raise PreconditionFailed("No document matches If-Match: it does not exist.")

    def _names_a_document(self) -> bool:
        view: Any = self
        model = document_model(view)
        if model is None:
            return True
        value = view.kwargs.get(view.lookup_url_kwarg or view.lookup_field)
        try:
            compile_q(model, Q(**{view.lookup_field: value}))
        except ValueError:
            return False
        return True

    def _check(self, document: Any, data: Any) -> None:
        """Remember the document; with If-Match, PreconditionFailed unless its current tag matches
        (a versioned document's write is then conditional on the version it was loaded with)."""
        self._conditional_document = document
        if self._if_match is not None and isinstance(document, TopLevelDocument):
            etag = document_etag(document, data)
            if not matches(self._if_match, etag, weak=False):
                raise PreconditionFailed(etag=etag)

    def perform_destroy(self, instance: Any) -> None:
        instance.delete(if_version=self._guarded_version(instance))

    async def perform_adestroy(self, instance: Any) -> None:
        await on_face(instance, "aio").delete(if_version=self._guarded_version(instance))

    def _guarded_version(self, document: Any) -> int | None:
        """The version a delete under If-Match requires (None: unconditional)."""
        if self._if_match is None or not _versioned(document):
            return None
        return document.version  # type: ignore[no-any-return]

    def handle_exception(self, exc: Exception) -> Any:
        etag = getattr(exc, "etag", None)
        if isinstance(exc, ConflictError):
            document = self._conditional_document
            if self._if_match is not None and document is not None and exc.current is not None:
                etag = version_etag(type(document), document.id, exc.current)
            exc = PreconditionFailed(etag=etag) if self._if_match is not None else Conflict(str(exc))
        response = super().handle_exception(exc)  # type: ignore[misc]
        if etag is not None:
            response["ETag"] = etag
        return response

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        document = self._conditional_document
        if (
            document is not None
            and request.method in READS | {"PUT", "PATCH"}
            and response.status_code == status.HTTP_200_OK
            and isinstance(getattr(response, "data", None), dict)
        ):
            etag = document_etag(document, response.data)
            if self._if_none_match is not None and matches(self._if_none_match, etag, weak=True):
                response = Response(status=status.HTTP_304_NOT_MODIFIED)
            response["ETag"] = etag
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]


# The headers' values: the grammar, with "*" spelled out as a value of it. A generator that can only
# make letters and digits for a header (schemathesis' coverage phase) still finds a valid value there
# instead of sending one the pattern refuses as if it were valid.
CONDITION_SCHEMA = {
    "anyOf": [{"type": "string", "enum": ["*"]}, {"type": "string", "pattern": CONDITION_PATTERN}]
}

ETAG_HEADER = {
    "description": "The document's entity tag: send it back in If-Match or If-None-Match.",
    "schema": {"type": "string"},
}


DETAIL_ACTIONS = {"GET": "retrieve", "PUT": "update", "PATCH": "partial_update", "DELETE": "destroy"}


def describe_conditional(view: Any, operation: dict[str, Any], method: str) -> dict[str, Any]:
    """``operation`` (the OpenAPI operation of ``view`` for ``method``) with the conditional-request
    headers and the 304/412/428 answers of a view that includes ConditionalRequestMixin (a viewset's
    action, or a generic view's detail method)."""
    action = getattr(view, "action", None) or DETAIL_ACTIONS.get(method.upper())
    if not isinstance(view, ConditionalRequestMixin) or action not in DETAIL_ACTIONS.values():
        return operation
    responses = operation.setdefault("responses", {})
    parameters = operation.setdefault("parameters", [])
    if action != "destroy" and "200" in responses:
        responses["200"].setdefault("headers", {})["ETag"] = ETAG_HEADER
    if action == "retrieve":
        parameters.append(_header("If-None-Match", "Answer 304 Not Modified when the ETag still matches."))
        responses["304"] = {
            "description": "Not Modified: the document still has this ETag.",
            "headers": {"ETag": ETAG_HEADER},
        }
        return operation
    required = view._requires_if_match()
    parameters.append(
        _header("If-Match", "Write only if the document still has this ETag (* : if it exists).", required)
    )
    responses["412"] = {
        "description": "Precondition Failed: the document changed; nothing was written.",
        "headers": {"ETag": ETAG_HEADER},
    }
    if required:
        responses["428"] = {"description": "Precondition Required: send If-Match."}
    return operation


def _header(name: str, description: str, required: bool = False) -> dict[str, Any]:
    return {
        "name": name,
        "in": "header",
        "required": required,
        "description": description,
        "schema": CONDITION_SCHEMA,
    }
