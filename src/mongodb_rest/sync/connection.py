# Generated from src/mongodb_rest/aio/connection.py by tools/unasync.py: do not edit.
"""The sync face's client and database handles."""

from __future__ import annotations

from typing import Any

from ..connection import DEFAULT_ALIAS, sync_connection


def get_connection(alias: str = DEFAULT_ALIAS) -> Any:
    """The client of ``alias`` for this process."""
    return sync_connection(alias).client


def get_db(alias: str = DEFAULT_ALIAS) -> Any:
    """The database handle of ``alias`` for this process."""
    return sync_connection(alias).db
