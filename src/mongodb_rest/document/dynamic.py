"""DynamicEmbeddedDocument, and the configuration every dynamic document class shares."""

from __future__ import annotations

from pydantic import ConfigDict

from ..fields.dynamic import DynamicValue
from .base import EmbeddedDocument

DYNAMIC_CONFIG = ConfigDict(extra="allow")
"""The configuration that makes a document class dynamic: undeclared fields are kept."""


class DynamicEmbeddedDocument(EmbeddedDocument):
    """An embedded document that also stores fields it does not declare (``comment.mood = 'happy'``)."""

    __document_base__ = True
    model_config = DYNAMIC_CONFIG
    __pydantic_extra__: dict[str, DynamicValue]
