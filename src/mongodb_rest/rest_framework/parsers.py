"""DRF's parsers, refusing with a 400 what they would take wrongly: JSON nested too deep for Python's
recursive decoder (a 500 otherwise), a multipart body whose parts are no form fields (read as an
empty form otherwise)."""

from __future__ import annotations

import codecs
import io
import re
from typing import Any

from django.conf import settings
from django.utils.http import parse_header_parameters
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 64
# a JSON string (skipped whole, brackets in it are text), or one bracket
_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_OPENING = frozenset(b"[{")
FORM_HEAD = 4096  # bytes of a multipart body kept to tell an empty form (its close delimiter) from junk


def depth_limit() -> int:
    """How deeply JSON input may nest: ``settings.MONGODB_JSON_MAX_DEPTH``, else 64."""
    return int(getattr(settings, "MONGODB_JSON_MAX_DEPTH", MAX_DEPTH))


def nesting_exceeds(body: bytes, limit: int) -> bool:
    """True when the UTF-8 JSON ``body`` opens more than ``limit`` arrays and objects inside one
    another: one scan, no recursion, stopped at the first level too deep."""
    depth = 0
    for match in _TOKENS.finditer(body):
        token = match.group()
        if len(token) != 1:
            continue  # a string
        if token[0] in _OPENING:
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSONParser, refusing with a 400 a body whose arrays and objects nest deeper than
    ``max_depth`` (``settings.MONGODB_JSON_MAX_DEPTH``, else 64), checked before it is decoded.

    The library's views use it; for DRF's own views list it in ``DEFAULT_PARSER_CLASSES``.
    """

    max_depth: int | None = None  # None: the setting, else MAX_DEPTH

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        body = stream.read()
        limit = depth_limit() if self.max_depth is None else self.max_depth
        encoding = codecs.lookup(parsers.get_encoding(parser_context or {})).name
        utf8 = body if encoding == "utf-8" else body.decode(encoding, "replace").encode()
        if nesting_exceeds(utf8, limit):
            raise ParseError(f"JSON parse error - arrays and objects nest deeper than {limit} levels.")
        return super().parse(io.BytesIO(body), media_type, parser_context)


def is_empty_form(head: bytes, boundary: bytes) -> bool:
    """True when the multipart body beginning with ``head`` is an empty form: its first delimiter is
    the close delimiter (``--boundary--``), as a browser sends a form without fields."""
    delimiter = b"--" + boundary
    start = head.find(delimiter)
    return start >= 0 and head[start + len(delimiter) : start + len(delimiter) + 2] == b"--"


class _Head:
    """A read-only stream that keeps the first ``limit`` bytes read from ``stream``."""

    def __init__(self, stream: Any, limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.head = b""

    def read(self, size: int = -1) -> bytes:
        chunk: bytes = self.stream.read(size)
        if len(self.head) < self.limit:
            self.head += chunk[: self.limit - len(self.head)]
        return chunk


class MultiPartParser(parsers.MultiPartParser):
    """DRF's MultiPartParser, refusing with a 400 a body that yields no field and no file but is not
    an empty form: Django skips parts without ``Content-Disposition: form-data; name=...`` (and text
    that is no part at all), which would make a write a silent no-op.

    The library's views use it; for DRF's own views list it in ``DEFAULT_PARSER_CLASSES``.
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        head = _Head(stream, FORM_HEAD)
        result = super().parse(head, media_type, parser_context)
        if not result.data and not result.files:
            _, parameters = parse_header_parameters(media_type or "")
            if not is_empty_form(head.head, parameters.get("boundary", "").encode("ascii", "replace")):
                raise ParseError(
                    "Multipart form parse error - no part is a form field"
                    " (Content-Disposition: form-data; name=...)."
                )
        return result
