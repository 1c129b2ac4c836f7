# Generated from src/mongodb_rest/aio/connection.py by tools/unasync.py: do not edit.
"""The sync face's client and database handles."""

from __future__ import annotations

from typing import Any

from ..connection import DEFAULT_ALIAS, sync_connection

_IS_SYNC = True


def get_connection(alias: str = DEFAULT_ALIAS) -> Any:
    """The async client of ``alias`` for this process."""
    return sync_connection(alias).client


def get_db(alias: str = DEFAULT_ALIAS) -> Any:
    """The async database handle of ``alias`` for this process."""
    return sync_connection(alias).db
