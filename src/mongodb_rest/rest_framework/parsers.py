"""A JSON parser that refuses bodies nested too deep for Python's recursive decoder: a 400, not a 500."""

from __future__ import annotations

import codecs
import io
import re
from typing import Any

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 64
# a JSON string (skipped whole, brackets in it are text), or one bracket
_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_OPENING = frozenset(b"[{")


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
        limit = self.max_depth
        if limit is None:
            limit = int(getattr(settings, "MONGODB_JSON_MAX_DEPTH", MAX_DEPTH))
        encoding = codecs.lookup(parsers.get_encoding(parser_context or {})).name
        utf8 = body if encoding == "utf-8" else body.decode(encoding, "replace").encode()
        if nesting_exceeds(utf8, limit):
            raise ParseError(f"JSON parse error - arrays and objects nest deeper than {limit} levels.")
        return super().parse(io.BytesIO(body), media_type, parser_context)
